// The Range request header (RFC 9110 §14): one byte range of a file that may be large. Several
// ranges at once would need a multipart response; answering those with the whole file is allowed.

export type ByteRange = { offset: number; length: number };

/**
 * The range asked for in `header` of a file of `size` bytes: a range to answer with 206, or
 * "unsatisfiable" for 416 (it starts past the end), or null to send the whole file with 200
 * (no header, another unit, several ranges, or a header that does not parse — which the RFC says
 * to ignore).
 */
export function parseRange(
  header: string | null,
  size: number,
): ByteRange | "unsatisfiable" | null {
  if (header === null) return null;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return null;
  const [, first, last] = match;
  if (first === "" && last === "") return null;

  if (first === "") {
    // bytes=-n: the last n bytes.
    const suffix = Number(last);
    if (!Number.isSafeInteger(suffix)) return null;
    if (suffix === 0 || size === 0) return "unsatisfiable";
    const length = Math.min(suffix, size);
    return { offset: size - length, length };
  }

  const offset = Number(first);
  if (!Number.isSafeInteger(offset)) return null;
  let end = size - 1;
  if (last !== "") {
    const lastByte = Number(last);
    if (!Number.isSafeInteger(lastByte) || lastByte < offset) return null;
    end = Math.min(lastByte, size - 1);
  }
  if (offset >= size) return "unsatisfiable";
  return { offset, length: end - offset + 1 };
}
