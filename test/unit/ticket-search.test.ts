import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import {
  accountKey,
  MAX_TERMS,
  searchMatch,
  searchTerms,
  tokens,
} from "../../app/lib/tickets/search";

describe("searchTerms", () => {
  it.each([
    ["", []],
    ["   ", []],
    ["a", []],
    ["a b c", []],
    ["é", []],
    ["e\u0301", []],
    ["ab", ["ab"]],
    ["  printer   fire ", ["printer", "fire"]],
    ["it's", ["it"]],
    ["snake_case", ["snake", "case"]],
    ["collega's kantoor", ["collega", "kantoor"]],
    ["日本", ["日本"]],
    // FTS5 syntax is cut into words like any other punctuation.
    ['NEAR(a b) OR "x" *', ["NEAR", "OR"]],
    ["{account} : acc_x", ["account", "acc"]],
    ["text:secret^", ["text", "secret"]],
    ["x y ab cd ef gh ij kl mn op qr st", ["ab", "cd", "ef", "gh", "ij", "kl", "mn", "op"]],
  ])("%j searches %j", (input, expected) => {
    expect(searchTerms(input)).toEqual(expected);
    expect(searchTerms(input).length).toBeLessThanOrEqual(MAX_TERMS);
  });
});

describe("searchMatch", () => {
  it.each([
    ["acc_acme", ["printer"], '{account} : "6163635F61636D65" AND {text} : ("printer"*)'],
    [
      "acc_x",
      ["printer", "fire"],
      '{account} : "6163635F78" AND {text} : ("printer"* AND "fire"*)',
    ],
    // Terms never hold a quote (searchTerms splits on it); were one to, it stays inside its string.
    ["acc_x", ['a"b'], '{account} : "6163635F78" AND {text} : ("a""b"*)'],
  ])("%s %j → %s", (accountId, terms, expected) => {
    expect(searchMatch(accountId, terms)).toBe(expected);
  });

  it("is never asked for a search without terms", () => {
    expect(() => searchMatch("acc_x", [])).toThrow();
  });

  it.each(["acc_acme", "acc_globex", "acc_ü→x"])("the key of %s is SQLite's hex()", async (id) => {
    const row = await env.DB.prepare("select hex(?) as key").bind(id).first<{ key: string }>();
    expect(accountKey(id)).toBe(row?.key);
  });
});

// The index's own tokenizer, read back through an fts5vocab table over `ticket_search`.
describe("tokens split where the index's tokenizer splits", () => {
  let rowid = 1_000_000;
  beforeAll(async () => {
    await env.DB.prepare(
      "create virtual table ticket_search_terms using fts5vocab(ticket_search, instance)",
    ).run();
  });

  async function indexed(text: string): Promise<string[]> {
    rowid += 1;
    await env.DB.prepare("insert into ticket_search (rowid, account, text) values (?, 'x', ?)")
      .bind(rowid, text)
      .run();
    const { results } = await env.DB.prepare(
      "select term from ticket_search_terms where doc = ? and col = 'text' order by offset",
    )
      .bind(rowid)
      .all<{ term: string }>();
    return results.map((row) => row.term);
  }

  it.each([
    "it's snake_case",
    "café naïve Ærø",
    "e\u0301te\u0301 \u0301ab ab\u0332cd ab\u0483cd",
    "हिन्दी भाषा",
    "ภาษาไทย ที่นี่",
    "العَرَبِيَّة",
    "日本語のテキスト",
    "\uE000priv",
    "x²y Ⅻc ①②",
    "ﬁne ǅemal İx ß",
    "a·b x\u00ADy a\u200Db",
    "😀smile o'neil",
    'FTS5 NEAR(a b) {text} : "x" OR * -minus +plus ^caret',
  ])("%j", async (input) => {
    const expected = await indexed(input);
    const ours = tokens(input);
    expect(ours).toHaveLength(expected.length);
    // Each of our tokens is, to the tokenizer, exactly the one token at its place.
    for (const [index, token] of ours.entries()) {
      expect(await indexed(token)).toEqual([expected[index]]);
    }
  });
});
