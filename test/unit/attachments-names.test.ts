import { describe, expect, it } from "vitest";
import { displayName, MAX_NAME_LENGTH } from "../../app/lib/attachments/names";

describe("displayName", () => {
  it.each([
    ["a plain name", "screenshot.png", "screenshot.png"],
    ["a Windows path", "C:\\Users\\jan\\Desktop\\log.txt", "log.txt"],
    ["a POSIX path", "../../etc/passwd", "passwd"],
    ["surrounding space", "  report.pdf \n", "report.pdf"],
    ["control characters", "a\u0000b\u0007c\u001b.txt", "abc.txt"],
    ["DEL and C1 controls", "a\u007fb\u0085c.txt", "abc.txt"],
    ["an RTL override", "invoice\u202Egpj.exe", "invoicegpj.exe"],
    ["embeddings and pops", "\u202Aa\u202B\u202Cb\u202D.txt", "ab.txt"],
    ["isolates", "\u2066x\u2067y\u2068z\u2069.txt", "xyz.txt"],
    ["marks", "a\u200Eb\u200Fc\u061C.txt", "abc.txt"],
    ["zero-width and BOM", "\uFEFFa\u200Bb\u200Dc.txt", "abc.txt"],
    ["line separators", "a\u2028b\u2029.txt", "ab.txt"],
    ["Arabic stays", "تقرير.pdf", "تقرير.pdf"],
    ["Hebrew stays", "דוח.pdf", "דוח.pdf"],
    ["emoji stays", "📷 shot.png", "📷 shot.png"],
    ["NFC", "Cafe\u0301.txt", "Café.txt"],
    ["empty", "", "file"],
    ["only controls", "\u202E\u0000", "file"],
    ["a path to nothing", "dir/", "file"],
    ["dots", "..", "file"],
    ["a dot file stays", ".env", ".env"],
  ])("%s", (_label, input, expected) => {
    expect(displayName(input)).toBe(expected);
  });

  it("shortens a long name and keeps its extension", () => {
    const name = displayName(`${"x".repeat(300)}.pdf`);
    expect(Array.from(name)).toHaveLength(MAX_NAME_LENGTH);
    expect(name.endsWith("x.pdf")).toBe(true);
  });

  it("counts characters, not UTF-16 units, and never splits a surrogate pair", () => {
    const name = displayName(`${"😀".repeat(200)}.png`);
    expect(Array.from(name)).toHaveLength(MAX_NAME_LENGTH);
    expect(name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(name.endsWith("😀.png")).toBe(true);
  });

  it("cuts a long name whose 'extension' is not one", () => {
    const name = displayName(`a.${"b".repeat(300)}`);
    expect(Array.from(name)).toHaveLength(MAX_NAME_LENGTH);
    expect(name.startsWith("a.bbb")).toBe(true);
  });
});
