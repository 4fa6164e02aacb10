// What a customer types into the ticket search, as a query on the `ticket_search` index
// (db/migrations/0006_ticket_search_by_account.sql). Terms are split exactly where the index's
// tokenizer (unicode61, remove_diacritics 2) splits, so each term is one token of the index.

/** Shorter terms are left out: one letter would expand over every word that starts with it. */
export const MIN_TERM_LENGTH = 2;
export const MAX_TERMS = 8;

const TOKEN_CHARACTER = /[\p{L}\p{N}\p{Co}]/u;

/**
 * Combining marks that unicode61 keeps inside a token (and then removes): its own list, a part of
 * U+0300–U+0331. Every other mark separates tokens, as punctuation does.
 */
const DIACRITICS = [0x08029fdf, 0x000361f8];

function isDiacritic(codePoint: number): boolean {
  const offset = codePoint - 0x300;
  if (offset < 0 || offset > 49) return false;
  return ((DIACRITICS[offset >> 5] as number) >>> (offset & 31)) % 2 === 1;
}

/** The tokens of the input, as the index's tokenizer reads it (case and diacritics aside). */
export function tokens(input: string): string[] {
  const found: string[] = [];
  let current = "";
  for (const character of input) {
    const inToken =
      TOKEN_CHARACTER.test(character) ||
      (current !== "" && isDiacritic(character.codePointAt(0) as number));
    if (inToken) {
      current += character;
    } else if (current) {
      found.push(current);
      current = "";
    }
  }
  if (current) found.push(current);
  return found;
}

/** The terms a search uses: tokens of at least MIN_TERM_LENGTH characters, at most MAX_TERMS. */
export function searchTerms(input: string): string[] {
  const length = (token: string) =>
    [...token].filter((c) => !isDiacritic(c.codePointAt(0) as number)).length;
  return tokens(input)
    .filter((token) => length(token) >= MIN_TERM_LENGTH)
    .slice(0, MAX_TERMS);
}

/** The account's token in the index's `account` column: the hex of its id, as SQLite's hex(). */
export function accountKey(accountId: string): string {
  return [...new TextEncoder().encode(accountId)]
    .map((byte) => byte.toString(16).padStart(2, "0"))
    .join("")
    .toUpperCase();
}

const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;

/**
 * The FTS5 query: the account's token AND every term as a prefix, in the text column only. Each
 * term is quoted, so FTS5's own syntax (AND, NEAR, column filters, `*`, …) in what a customer
 * typed is plain text and can neither break nor widen the query.
 */
export function searchMatch(accountId: string, terms: string[]): string {
  if (!terms.length) throw new Error("a search needs at least one term");
  const words = terms.map((term) => `${quoted(term)}*`).join(" AND ");
  return `{account} : ${quoted(accountKey(accountId))} AND {text} : (${words})`;
}
