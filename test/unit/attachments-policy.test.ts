import { describe, expect, it } from "vitest";
import {
  ATTACHMENT_KINDS,
  contentDisposition,
  DEFAULT_ALLOWED_KINDS,
  DOWNLOAD_CSP,
  downloadHeaders,
  isAllowedKind,
  servedInline,
  unsatisfiableRangeHeaders,
} from "../../app/lib/attachments/policy";

describe("allowed kinds", () => {
  it("accepts the common kinds by default, not SVG, HTML or unknown bytes", () => {
    for (const kind of ["image", "pdf", "text", "csv", "office", "zip"] as const) {
      expect(isAllowedKind(kind, DEFAULT_ALLOWED_KINDS)).toBe(true);
    }
    for (const kind of ["svg", "html", "other"] as const) {
      expect(isAllowedKind(kind, DEFAULT_ALLOWED_KINDS)).toBe(false);
    }
  });

  it("follows an account's own list", () => {
    expect(isAllowedKind("pdf", ["image"])).toBe(false);
    expect(isAllowedKind("svg", ["image", "svg"])).toBe(true);
    expect(ATTACHMENT_KINDS).toHaveLength(new Set(ATTACHMENT_KINDS).size);
  });
});

describe("servedInline", () => {
  it.each([
    ["image/png", true],
    ["image/jpeg", true],
    ["image/gif", true],
    ["image/webp", true],
    ["image/svg+xml", false],
    ["text/html", false],
    ["text/plain", false],
    ["application/pdf", false],
    ["application/octet-stream", false],
  ])("%s inline: %s", (mime, inline) => {
    expect(servedInline(mime)).toBe(inline);
  });
});

describe("contentDisposition", () => {
  it.each([
    ["image/png", "shot.png", `inline; filename="shot.png"; filename*=UTF-8''shot.png`],
    ["text/html", "page.html", `attachment; filename="page.html"; filename*=UTF-8''page.html`],
    ["image/svg+xml", "logo.svg", `attachment; filename="logo.svg"; filename*=UTF-8''logo.svg`],
    [
      "application/pdf",
      'my "best" report (final)*.pdf',
      `attachment; filename="my _best_ report (final)*.pdf"; filename*=UTF-8''my%20%22best%22%20report%20%28final%29%2A.pdf`,
    ],
    [
      "text/plain",
      "Grüße.txt",
      `attachment; filename="Gruße.txt"; filename*=UTF-8''Gr%C3%BC%C3%9Fe.txt`.replace(
        "Gruße",
        "Gru_e",
      ),
    ],
    [
      "application/pdf",
      "تقرير.pdf",
      `attachment; filename="_____.pdf"; filename*=UTF-8''%D8%AA%D9%82%D8%B1%D9%8A%D8%B1.pdf`,
    ],
    [
      "application/octet-stream",
      "a\\b\r\nSet-Cookie: x=1",
      `attachment; filename="bSet-Cookie: x=1"; filename*=UTF-8''bSet-Cookie%3A%20x%3D1`,
    ],
    [
      "application/pdf",
      "invoice\u202Egpj.exe",
      `attachment; filename="invoicegpj.exe"; filename*=UTF-8''invoicegpj.exe`,
    ],
    ["text/plain", "50%.txt", `attachment; filename="50_.txt"; filename*=UTF-8''50%25.txt`],
  ])("%s, file %#", (mime, name, expected) => {
    expect(contentDisposition(mime, name)).toBe(expected);
  });
});

describe("downloadHeaders", () => {
  it("sends a whole file as a sandboxed, uncached, unsniffed attachment", () => {
    const headers = downloadHeaders({
      mime: "text/html",
      fileName: "page.html",
      size: 1234,
      checksum: "abc123",
    });
    expect(Object.fromEntries(headers)).toEqual({
      "content-type": "text/html; charset=utf-8",
      "content-disposition": `attachment; filename="page.html"; filename*=UTF-8''page.html`,
      "x-content-type-options": "nosniff",
      "content-security-policy": DOWNLOAD_CSP,
      "cross-origin-resource-policy": "same-origin",
      "cache-control": "private, no-store",
      "accept-ranges": "bytes",
      "content-length": "1234",
      etag: '"abc123"',
    });
    expect(DOWNLOAD_CSP).toMatch(/^sandbox;/);
    expect(DOWNLOAD_CSP).toContain("default-src 'none'");
  });

  it("shows a raster image inline, still sandboxed", () => {
    const headers = downloadHeaders({ mime: "image/png", fileName: "shot.png", size: 10 });
    expect(headers.get("Content-Type")).toBe("image/png");
    expect(headers.get("Content-Disposition")).toMatch(/^inline;/);
    expect(headers.get("Content-Security-Policy")).toBe(DOWNLOAD_CSP);
    expect(headers.has("ETag")).toBe(false);
  });

  it("describes a range", () => {
    const headers = downloadHeaders({
      mime: "application/zip",
      fileName: "big.zip",
      size: 1000,
      range: { offset: 900, length: 100 },
    });
    expect(headers.get("Content-Length")).toBe("100");
    expect(headers.get("Content-Range")).toBe("bytes 900-999/1000");
  });

  it("answers an unsatisfiable range with the size", () => {
    expect(unsatisfiableRangeHeaders(1000).get("Content-Range")).toBe("bytes */1000");
  });
});
