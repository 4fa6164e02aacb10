// What a file is, from its first bytes. The browser's Content-Type and the file name are claims
// the uploader controls; the bytes decide the kind, and the name only refines a container format
// (a .docx is a ZIP) or names a text format (a .csv is text). A name never makes bytes safer than
// they are: text that looks like HTML or SVG is HTML or SVG whatever it is called.

export type AttachmentKind =
  | "image"
  | "pdf"
  | "text"
  | "csv"
  | "office"
  | "zip"
  | "svg"
  | "html"
  | "other";

export type DetectedType = { mime: string; kind: AttachmentKind };

/** How many leading bytes `detectType` looks at: pass at least this many (or the whole file). */
export const SNIFF_BYTES = 512;

const OCTET_STREAM: DetectedType = { mime: "application/octet-stream", kind: "other" };

/** Office formats that are ZIP containers, by extension. Macro-enabled variants stay plain ZIPs. */
const ZIP_OFFICE: Record<string, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  odp: "application/vnd.oasis.opendocument.presentation",
};

/** Legacy office formats in an OLE2 compound file, by extension (.msi is OLE2 too, and is not). */
const OLE_OFFICE: Record<string, string> = {
  doc: "application/msword",
  xls: "application/vnd.ms-excel",
  ppt: "application/vnd.ms-powerpoint",
};

const HTML_EXTENSIONS = new Set(["html", "htm", "xhtml", "shtml", "mht", "mhtml"]);

/**
 * Tags that make a browser sniff a document as HTML (the WHATWG MIME sniffing list), plus a few
 * that matter when a text file is opened in a browser anyway.
 */
const HTML_OPENERS = [
  "!doctype html",
  "html",
  "head",
  "script",
  "iframe",
  "h1",
  "div",
  "font",
  "table",
  "a",
  "style",
  "title",
  "b",
  "body",
  "br",
  "p",
  "!--",
  "meta",
  "object",
  "embed",
  "form",
  "img",
];

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  if (bytes.length < at + signature.length) return false;
  return signature.every((byte, i) => bytes[at + i] === byte);
}

function ascii(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

export function extensionOf(fileName: string): string {
  const base = fileName.split(/[/\\]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

/**
 * The text of `head` when it is UTF-8 without NUL bytes, else null. A multi-byte character cut by
 * the end of a full-length head is not an error: the file goes on past what we were given.
 */
function utf8Text(head: Uint8Array): string | null {
  if (head.includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(head);
  } catch {
    if (head.length < SNIFF_BYTES) return null;
    // Drop at most three bytes of a cut sequence (a UTF-8 character is at most four bytes).
    for (let cut = 1; cut <= 3; cut++) {
      try {
        return new TextDecoder("utf-8", { fatal: true }).decode(
          head.subarray(0, head.length - cut),
        );
      } catch {}
    }
    return null;
  }
}

/** Whether text opens like an HTML document: `<tag` then a space or `>`, after BOM and space. */
function looksLikeHtml(text: string): boolean {
  const start = text
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  if (!start.startsWith("<")) return false;
  return HTML_OPENERS.some((tag) => {
    if (!start.startsWith(tag, 1)) return false;
    const next = start.charAt(1 + tag.length);
    return tag === "!--" || next === ">" || next === "" || /\s|\//.test(next);
  });
}

export function detectType(head: Uint8Array, fileName: string): DetectedType {
  const extension = extensionOf(fileName);

  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return { mime: "image/png", kind: "image" };
  }
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { mime: "image/jpeg", kind: "image" };
  if (startsWith(head, ascii("GIF87a")) || startsWith(head, ascii("GIF89a"))) {
    return { mime: "image/gif", kind: "image" };
  }
  if (startsWith(head, ascii("RIFF")) && startsWith(head, ascii("WEBP"), 8)) {
    return { mime: "image/webp", kind: "image" };
  }
  if (startsWith(head, ascii("%PDF-"))) return { mime: "application/pdf", kind: "pdf" };
  // A local file header, or the end-of-directory record of an empty archive.
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    const office = ZIP_OFFICE[extension];
    return office ? { mime: office, kind: "office" } : { mime: "application/zip", kind: "zip" };
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    const office = OLE_OFFICE[extension];
    return office ? { mime: office, kind: "office" } : OCTET_STREAM;
  }

  const text = utf8Text(head);
  if (text === null) return OCTET_STREAM;
  const lower = text.toLowerCase();
  // SVG may open with an XML declaration, a doctype or comments before the <svg> element.
  if (extension === "svg" || /<svg[\s>/]/.test(lower)) {
    return { mime: "image/svg+xml", kind: "svg" };
  }
  if (HTML_EXTENSIONS.has(extension) || looksLikeHtml(text) || /<html[\s>]/.test(lower)) {
    return { mime: "text/html", kind: "html" };
  }
  if (extension === "csv") return { mime: "text/csv", kind: "csv" };
  return { mime: "text/plain", kind: "text" };
}
