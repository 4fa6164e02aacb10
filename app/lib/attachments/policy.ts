// Which kinds of file an account accepts, and how a stored file goes back out. Files come from
// customers and agents alike and are not scanned, so a download must never run as a page of ours:
// only raster images are shown inline; everything else is an attachment, typed as detected, not
// sniffed, and sandboxed in case a browser renders it anyway.
import type { AttachmentKind } from "./detect";
import { displayName } from "./names";
import type { ByteRange } from "./range";

/** Accepted unless the account says otherwise. SVG and HTML can carry scripts: not by default. */
export const DEFAULT_ALLOWED_KINDS: readonly AttachmentKind[] = [
  "image",
  "pdf",
  "text",
  "csv",
  "office",
  "zip",
];

/** Every kind, in the order settings list them. */
export const ATTACHMENT_KINDS: readonly AttachmentKind[] = [
  ...DEFAULT_ALLOWED_KINDS,
  "svg",
  "html",
  "other",
];

/** The policy on every download: no scripts, no plugins, no requests, an opaque origin. */
export const DOWNLOAD_CSP =
  "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'";

const INLINE_MIMES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

export function isAllowedKind(kind: AttachmentKind, allowed: readonly AttachmentKind[]): boolean {
  return allowed.includes(kind);
}

/** Whether a file of this detected type may be shown in the browser (raster images only). */
export function servedInline(mime: string): boolean {
  return INLINE_MIMES.has(mime);
}

/** An ASCII stand-in for browsers that ignore `filename*`: no quotes, backslashes or controls. */
function asciiFallback(name: string): string {
  const ascii = name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  return ascii.replace(/[^\x20-\x7e]|["\\%]/g, "_");
}

/** RFC 8187 encoding for `filename*`: percent-encode everything but attr-chars. */
function extendedValue(name: string): string {
  return encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `Content-Disposition` for a download (RFC 6266), inline only for raster images. */
export function contentDisposition(mime: string, fileName: string): string {
  const name = displayName(fileName);
  const type = servedInline(mime) ? "inline" : "attachment";
  return `${type}; filename="${asciiFallback(name)}"; filename*=UTF-8''${extendedValue(name)}`;
}

/**
 * The headers of a download response (200 for the whole file, 206 with `range`). `mime` is the
 * detected type; text gets a charset so a browser never guesses one.
 */
export function downloadHeaders(input: {
  mime: string;
  fileName: string;
  size: number;
  range?: ByteRange | null;
  checksum?: string;
}): Headers {
  const { mime, fileName, size, range, checksum } = input;
  const headers = new Headers();
  headers.set("Content-Type", mime.startsWith("text/") ? `${mime}; charset=utf-8` : mime);
  headers.set("Content-Disposition", contentDisposition(mime, fileName));
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Content-Security-Policy", DOWNLOAD_CSP);
  // Other sites may not embed the file (it is behind a session); pages of the same origin may.
  headers.set("Cross-Origin-Resource-Policy", "same-origin");
  // Behind a session and possibly revoked later: no shared caches, nothing kept on disk.
  headers.set("Cache-Control", "private, no-store");
  headers.set("Accept-Ranges", "bytes");
  if (checksum) headers.set("ETag", `"${checksum}"`);
  if (range) {
    headers.set("Content-Length", String(range.length));
    headers.set(
      "Content-Range",
      `bytes ${range.offset}-${range.offset + range.length - 1}/${size}`,
    );
  } else {
    headers.set("Content-Length", String(size));
  }
  return headers;
}

/** Headers of the 416 answer to a range that starts past the end of the file. */
export function unsatisfiableRangeHeaders(size: number): Headers {
  return new Headers({ "Content-Range": `bytes */${size}`, "Cache-Control": "private, no-store" });
}
