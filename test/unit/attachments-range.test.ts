import { describe, expect, it } from "vitest";
import { parseRange } from "../../app/lib/attachments/range";

describe("parseRange", () => {
  it.each([
    ["no header", null, 1000, null],
    ["first and last", "bytes=0-99", 1000, { offset: 0, length: 100 }],
    ["the middle", "bytes=500-599", 1000, { offset: 500, length: 100 }],
    ["one byte", "bytes=5-5", 1000, { offset: 5, length: 1 }],
    ["open end", "bytes=900-", 1000, { offset: 900, length: 100 }],
    ["last past the end is cut", "bytes=900-5000", 1000, { offset: 900, length: 100 }],
    ["suffix", "bytes=-100", 1000, { offset: 900, length: 100 }],
    ["suffix longer than the file", "bytes=-5000", 1000, { offset: 0, length: 1000 }],
    ["case and spaces", " Bytes = 10 - 19 ", 1000, { offset: 10, length: 10 }],
    ["start past the end", "bytes=1000-", 1000, "unsatisfiable"],
    ["start far past the end", "bytes=2000-3000", 1000, "unsatisfiable"],
    ["empty suffix", "bytes=-0", 1000, "unsatisfiable"],
    ["any range of an empty file", "bytes=0-", 0, "unsatisfiable"],
    ["a suffix of an empty file", "bytes=-10", 0, "unsatisfiable"],
    ["several ranges: the whole file", "bytes=0-1,5-6", 1000, null],
    ["another unit", "items=0-1", 1000, null],
    ["last before first", "bytes=10-5", 1000, null],
    ["no numbers", "bytes=-", 1000, null],
    ["garbage", "bytes=abc", 1000, null],
    ["negative", "bytes=-5-10", 1000, null],
    ["too large to be exact", "bytes=99999999999999999999-", 1000, null],
  ])("%s", (_label, header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});
