// File names as shown in pages, emails and download headers. The name as given is stored
// untouched; what people see is this cleaned form, rendered inside <bdi> so a right-to-left name
// cannot reorder the text around it.

/** Longest name shown, in characters (code points), extension included. */
export const MAX_NAME_LENGTH = 120;

/** Longest extension kept whole when a long name is shortened. */
const MAX_EXTENSION_LENGTH = 16;

const FALLBACK = "file";

// C0 and C1 controls and DEL; bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069)
// and marks (U+200E, U+200F, U+061C), which could make "gpj.exe" read as "exe.jpg"; zero-width
// characters and line or paragraph separators, which hide or break a name.
const UNSAFE =
  /[\p{Cc}\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2028\u2029\ufeff]/gu;

export function displayName(name: string): string {
  // Browsers on Windows have sent full paths; keep the last part only.
  const base = name.split(/[/\\]/).pop() ?? "";
  const cleaned = base.normalize("NFC").replace(UNSAFE, "").trim();
  if (cleaned === "" || /^\.+$/.test(cleaned)) return FALLBACK;
  const chars = Array.from(cleaned);
  if (chars.length <= MAX_NAME_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf(".");
  const extension = dot > 0 ? Array.from(cleaned.slice(dot)) : [];
  const kept = extension.length <= MAX_EXTENSION_LENGTH + 1 ? extension : [];
  const stem = chars
    .slice(0, MAX_NAME_LENGTH - kept.length)
    .join("")
    .trimEnd();
  return stem + kept.join("");
}
