import { describe, expect, it } from "vitest";
import { formatBytes, limitProblems } from "../../app/lib/attachments/sizes";

describe("formatBytes", () => {
  it.each([
    [0, "en", "0 byte"],
    [999, "en", "999 byte"],
    [1024, "en", "1 kB"],
    [1536, "en", "1.5 kB"],
    [512 * 1024, "en", "512 kB"],
    [10 * 1024 * 1024, "en", "10 MB"],
    [2.45 * 1024 * 1024, "en", "2.5 MB"],
    [25 * 1024 * 1024, "en", "25 MB"],
    [10 * 1024 ** 3, "en", "10 GB"],
    [1536, "de", "1,5 kB"],
  ])("%i bytes in %s", (bytes, locale, expected) => {
    expect(formatBytes(bytes, locale).replace(/\s/g, " ")).toBe(expected);
  });
});

describe("limitProblems", () => {
  const limits = { maxFiles: 2, maxFileBytes: 100, maxMessageBytes: 150 };

  it("accepts files within every limit, and no files", () => {
    expect(limitProblems([{ name: "a", size: 100 }], limits)).toEqual([]);
    expect(limitProblems([], limits)).toEqual([]);
  });

  it("names each file that is too large", () => {
    expect(
      limitProblems(
        [
          { name: "a.png", size: 101 },
          { name: "b.png", size: 10 },
        ],
        limits,
      ),
    ).toEqual([{ kind: "fileTooLarge", name: "a.png" }]);
  });

  it("counts the files and the message's total", () => {
    const files = [
      { name: "a", size: 80 },
      { name: "b", size: 80 },
      { name: "c", size: 1 },
    ];
    expect(limitProblems(files, limits)).toEqual([
      { kind: "tooManyFiles" },
      { kind: "messageTooLarge" },
    ]);
  });
});
