import { describe, expect, it } from "vitest";
import {
  CATALOGS,
  dateTimeFormatter,
  LANGUAGES,
  type MessageKey,
  portalLanguage,
  textDirection,
  translator,
} from "../../app/lib/i18n";

const en: Record<string, string> = CATALOGS.en;
const EN_KEYS = Object.keys(en).sort();
const OTHER_LANGUAGES = LANGUAGES.filter((language) => language !== "en");

function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? ""))].sort();
}

function placeholderMap(catalog: Record<string, string>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(catalog).map(([key, message]) => [key, placeholders(message)]),
  );
}

describe("catalogs", () => {
  it("there is at least one language besides English to check", () => {
    expect(OTHER_LANGUAGES.length).toBeGreaterThan(0);
  });

  describe.each(OTHER_LANGUAGES)("%s", (language) => {
    const catalog: Record<string, string> = CATALOGS[language];

    it("has exactly the keys of en", () => {
      const keys = Object.keys(catalog);
      const missing = EN_KEYS.filter((key) => !Object.hasOwn(catalog, key));
      const extra = keys.filter((key) => !Object.hasOwn(en, key));
      expect(missing).toEqual([]);
      expect(extra).toEqual([]);
    });

    it("has the same {placeholders} per key as en", () => {
      expect(placeholderMap(catalog)).toEqual(placeholderMap(en));
    });
  });

  it.each(LANGUAGES)("%s has no empty or blank messages", (language) => {
    const catalog: Record<string, string> = CATALOGS[language];
    const blank = Object.entries(catalog)
      .filter(([, message]) => message.trim() === "")
      .map(([key]) => key);
    expect(blank).toEqual([]);
  });

  it("en has at least one message with a placeholder (so the placeholder check bites)", () => {
    expect(Object.values(placeholderMap(en)).some((names) => names.length > 0)).toBe(true);
  });
});

describe("translator", () => {
  it.each(LANGUAGES)("%s substitutes a string value", (language) => {
    const text = translator(language)("portal.footer", { portal: "Acme" });
    expect(text).toContain("Acme");
    expect(text).not.toContain("{portal}");
    expect(text).toBe(CATALOGS[language]["portal.footer"].replace("{portal}", "Acme"));
  });

  it("nl footer names the portal", () => {
    expect(translator("nl")("portal.footer", { portal: "Acme" })).toBe(
      "Acme · klantenportaal mogelijk gemaakt door Portico",
    );
  });

  it.each<{ label: string; values: Record<string, string | number> | undefined }>([
    { label: "no values", values: undefined },
    { label: "empty values", values: {} },
    { label: "only other names", values: { other: "x" } },
  ])("a missing value leaves the placeholder ($label)", ({ values }) => {
    expect(translator("en")("portal.footer", values)).toBe(
      "{portal} · customer portal powered by Portico",
    );
  });

  it.each(LANGUAGES)("%s formats numbers with Intl", (language) => {
    const formatted = new Intl.NumberFormat(language).format(12345);
    const text = translator(language)("portal.footer", { portal: 12345 });
    expect(text).toBe(CATALOGS[language]["portal.footer"].replace("{portal}", formatted));
  });

  it.each([
    { language: "de" as const, expected: "12.345" },
    { language: "en" as const, expected: "12,345" },
  ])("$language groups 12345 as $expected", ({ language, expected }) => {
    expect(translator(language)("portal.footer", { portal: 12345 })).toContain(expected);
  });

  it("does not re-expand placeholders inside a substituted value", () => {
    const key: MessageKey = "portal.footer";
    expect(translator("en")(key, { portal: "{portal}" })).toBe(
      "{portal} · customer portal powered by Portico",
    );
  });
});

describe("portalLanguage", () => {
  it.each([
    { input: "nl", expected: "nl" },
    { input: "de", expected: "de" },
    { input: "en", expected: "en" },
    { input: "xx", expected: "en" },
    { input: "NL", expected: "en" },
    { input: "nl-BE", expected: "en" },
    { input: "toString", expected: "en" },
    { input: "", expected: "en" },
    { input: null, expected: "en" },
    { input: undefined, expected: "en" },
  ])("$input -> $expected", ({ input, expected }) => {
    expect(portalLanguage(input)).toBe(expected);
  });
});

describe("textDirection", () => {
  it.each([
    { language: "ar", expected: "rtl" },
    { language: "ar-EG", expected: "rtl" },
    { language: "he", expected: "rtl" },
    { language: "fa", expected: "rtl" },
    { language: "ur", expected: "rtl" },
    { language: "en", expected: "ltr" },
    { language: "nl", expected: "ltr" },
    { language: "de-AT", expected: "ltr" },
  ])("$language -> $expected", ({ language, expected }) => {
    expect(textDirection(language)).toBe(expected);
  });
});

describe("dateTimeFormatter", () => {
  // 23:30 UTC on 15 January: already 16 January east of UTC, still the 15th west of it.
  const instant = Date.UTC(2026, 0, 15, 23, 30);
  const longDate = (language: string, timeZone: string) =>
    new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone }).format(instant);

  it.each([
    { language: "de" as const, timeZone: "Europe/Berlin", rollsOver: true },
    { language: "de" as const, timeZone: "Pacific/Auckland", rollsOver: true },
    { language: "nl" as const, timeZone: "Asia/Tokyo", rollsOver: true },
    { language: "en" as const, timeZone: "America/New_York", rollsOver: false },
    { language: "en" as const, timeZone: "UTC", rollsOver: false },
  ])(
    "$language in $timeZone (date rolls over: $rollsOver)",
    ({ language, timeZone, rollsOver }) => {
      const date = dateTimeFormatter(language, timeZone).date(instant);
      expect(date).toBe(longDate(language, timeZone));
      if (rollsOver) expect(date).not.toBe(longDate(language, "UTC"));
      else expect(date).toBe(longDate(language, "UTC"));
    },
  );

  it.each([
    { timeZone: "Europe/Berlin", expected: "16. Januar 2026" },
    { timeZone: "UTC", expected: "15. Januar 2026" },
  ])("de date in $timeZone is $expected", ({ timeZone, expected }) => {
    expect(dateTimeFormatter("de", timeZone).date(instant)).toBe(expected);
  });

  it.each(["Europe/Berlin", "Pacific/Auckland"])("dateTime uses the time zone %s", (timeZone) => {
    expect(dateTimeFormatter("en", timeZone).dateTime(instant)).toBe(
      new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone }).format(
        instant,
      ),
    );
  });

  it.each(["Europe/Berlin", "Pacific/Auckland"])(
    "iso is UTC whatever the zone (%s)",
    (timeZone) => {
      expect(dateTimeFormatter("en", timeZone).iso(instant)).toBe("2026-01-15T23:30:00.000Z");
    },
  );
});
