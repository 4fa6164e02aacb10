import { describe, expect, it } from "vitest";
import { type AttachmentKind, detectType, SNIFF_BYTES } from "../../app/lib/attachments/detect";

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (value: string) => new TextEncoder().encode(value);

const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13);
const ZIP = bytes(0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0);
const OLE = bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0);

describe("detectType", () => {
  it.each<[string, Uint8Array, string, string, AttachmentKind]>([
    ["PNG", PNG, "shot.png", "image/png", "image"],
    ["JPEG", bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16), "photo.jpg", "image/jpeg", "image"],
    ["GIF89a", text("GIF89a\x01\x00"), "a.gif", "image/gif", "image"],
    ["GIF87a", text("GIF87a"), "a.gif", "image/gif", "image"],
    ["WebP", text("RIFF\x24\x00\x00\x00WEBPVP8 "), "a.webp", "image/webp", "image"],
    ["PDF", text("%PDF-1.7\n%"), "invoice.pdf", "application/pdf", "pdf"],
    ["ZIP", ZIP, "logs.zip", "application/zip", "zip"],
    ["empty ZIP", bytes(0x50, 0x4b, 0x05, 0x06, 0, 0), "none.zip", "application/zip", "zip"],
    [
      "docx is a ZIP named .docx",
      ZIP,
      "Report.DOCX",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "office",
    ],
    [
      "xlsx",
      ZIP,
      "sheet.xlsx",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "office",
    ],
    [
      "pptx",
      ZIP,
      "deck.pptx",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation",
      "office",
    ],
    ["odt", ZIP, "letter.odt", "application/vnd.oasis.opendocument.text", "office"],
    ["a macro-enabled document stays a ZIP", ZIP, "macro.docm", "application/zip", "zip"],
    ["doc", OLE, "old.doc", "application/msword", "office"],
    ["xls", OLE, "old.xls", "application/vnd.ms-excel", "office"],
    ["ppt", OLE, "old.ppt", "application/vnd.ms-powerpoint", "office"],
    [
      "an OLE2 file that is not an office file",
      OLE,
      "setup.msi",
      "application/octet-stream",
      "other",
    ],
    ["plain text", text("Hello\nworld\n"), "notes.txt", "text/plain", "text"],
    ["UTF-8 text", text("Grüße, 東京 — ok"), "log", "text/plain", "text"],
    ["a log file", text("2026-01-01 ERROR x"), "app.log", "text/plain", "text"],
    ["CSV by extension when text", text("a,b\n1,2\n"), "export.csv", "text/csv", "csv"],
    ["empty file", new Uint8Array(0), "empty.txt", "text/plain", "text"],
    ["binary", bytes(0x00, 0x01, 0x02, 0xfe), "blob.bin", "application/octet-stream", "other"],
    ["invalid UTF-8", bytes(0x41, 0xc3, 0x28, 0x42), "x.txt", "application/octet-stream", "other"],
    [
      "UTF-16 text (NUL bytes)",
      bytes(0xff, 0xfe, 0x41, 0x00),
      "u.txt",
      "application/octet-stream",
      "other",
    ],
    ["HTML document", text("<!DOCTYPE html><html>"), "page.html", "text/html", "html"],
    [
      "HTML named .txt",
      text("\n  <html><script>alert(1)</script>"),
      "readme.txt",
      "text/html",
      "html",
    ],
    ["HTML fragment named .png", text("<script>alert(1)</script>"), "cat.png", "text/html", "html"],
    ["a comment opens HTML", text("<!-- hi -->"), "x.txt", "text/html", "html"],
    ["a .htm name is HTML", text("hello"), "page.htm", "text/html", "html"],
    ["an <html> tag later in the head", text("hello\n<HTML>"), "x.txt", "text/html", "html"],
    [
      "SVG",
      text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'),
      "a.svg",
      "image/svg+xml",
      "svg",
    ],
    ["SVG named .jpg", text("<svg onload=alert(1)>"), "a.jpg", "image/svg+xml", "svg"],
    ["a .svg name is SVG", text("<?xml version='1.0'?>"), "a.svg", "image/svg+xml", "svg"],
    ["CSV named .csv but HTML inside", text("<html>"), "x.csv", "text/html", "html"],
    [
      "a lying extension on binary",
      bytes(0x7f, 0x45, 0x4c, 0x46, 0x00),
      "a.png",
      "application/octet-stream",
      "other",
    ],
    ["PDF named .png", text("%PDF-1.4"), "cat.png", "application/pdf", "pdf"],
    ["PNG named .html", PNG, "page.html", "image/png", "image"],
  ])("%s", (_label, head, name, mime, kind) => {
    expect(detectType(head, name)).toEqual({ mime, kind });
  });

  it("accepts a UTF-8 character cut by the end of a full sniff", () => {
    const head = text(`${"a".repeat(SNIFF_BYTES - 1)}é`).subarray(0, SNIFF_BYTES);
    expect(head.length).toBe(SNIFF_BYTES);
    expect(detectType(head, "long.txt")).toEqual({ mime: "text/plain", kind: "text" });
  });

  it("rejects a cut character when the head is the whole file", () => {
    const head = text("abcé").subarray(0, 4);
    expect(detectType(head, "short.txt").kind).toBe("other");
  });

  it("ignores the path in a name", () => {
    expect(detectType(ZIP, "C:\\Users\\jan\\report.docx").kind).toBe("office");
  });
});
