// The portal speaks its domain's primary language: one language per portal, no visitor switch.
import type { Catalog, MessageKey } from "./catalog";
import { ar } from "./catalogs/ar";
import { de } from "./catalogs/de";
import { en } from "./catalogs/en";
import { es } from "./catalogs/es";
import { fr } from "./catalogs/fr";
import { ja } from "./catalogs/ja";
import { nl } from "./catalogs/nl";
import { ptBR } from "./catalogs/pt-BR";

export type { Catalog, MessageKey };

/**
 * The supported languages, as a plain list: pages that offer a language choice use it without
 * pulling every catalog into the browser (only server code and the root's loader touch CATALOGS).
 */
export const LANGUAGES = ["en", "nl", "de", "fr", "es", "pt-BR", "ja", "ar"] as const;

export type Language = (typeof LANGUAGES)[number];

export const CATALOGS: Record<Language, Catalog> = {
  en,
  nl,
  de,
  fr,
  es,
  "pt-BR": ptBR,
  ja,
  ar,
};

const RIGHT_TO_LEFT = new Set(["ar", "he", "fa", "ur"]);

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(CATALOGS.en, value);
}

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/** The language a portal renders in: its domain's primary language, English when unsupported. */
export function portalLanguage(primaryLanguage: string | null | undefined): Language {
  return primaryLanguage && isLanguage(primaryLanguage) ? primaryLanguage : "en";
}

export function textDirection(language: string): "ltr" | "rtl" {
  return RIGHT_TO_LEFT.has(language.split("-")[0] ?? "") ? "rtl" : "ltr";
}

/** `t("portal.footer", { portal: "Acme" })`; values are plain text, React escapes them on render. */
export type Translate = {
  (key: MessageKey, values?: Record<string, string | number>): string;
  /** Whether the language has this message (a plural form, or an error that may be a key). */
  has(key: string): key is MessageKey;
};

/**
 * A translator over one language's catalog. Pages get the catalog from the root's loader data
 * (app/components/translate.ts), so the browser loads the page's language only, never all of them.
 */
export function translatorFor(language: Language, catalog: Catalog): Translate {
  const numbers = new Intl.NumberFormat(language);
  const t = (key: MessageKey, values?: Record<string, string | number>) =>
    catalog[key].replace(/\{(\w+)\}/g, (placeholder, name: string) => {
      const value = values?.[name];
      if (value === undefined) return placeholder;
      return typeof value === "number" ? numbers.format(value) : value;
    });
  return Object.assign(t, { has: (key: string): key is MessageKey => Object.hasOwn(catalog, key) });
}

/** For the server (emails, tests): every catalog is at hand there. */
export function translator(language: Language): Translate {
  return translatorFor(language, CATALOGS[language]);
}

/** Keys that come in plural forms: `{base}.one` and `{base}.other` (plus more where a language needs them). */
type PluralBase = MessageKey extends infer K
  ? K extends `${infer Base}.other`
    ? Base
    : never
  : never;

/** Picks the plural form with Intl.PluralRules; a language without that form falls back to `other`. */
export function plural(
  language: Language,
  t: Translate,
  base: PluralBase,
  count: number,
  values: Record<string, string | number> = {},
): string {
  const form = new Intl.PluralRules(language).select(count);
  const key = `${base}.${form}`;
  const chosen = t.has(key) ? key : (`${base}.other` as MessageKey);
  return t(chosen, { count, ...values });
}

/** "3 hours ago", in the portal's language. */
export function relativeTime(language: Language, ms: number, now = Date.now()): string {
  const format = new Intl.RelativeTimeFormat(language, { numeric: "auto" });
  const seconds = Math.round((ms - now) / 1000);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["year", 31_536_000],
    ["month", 2_592_000],
    ["week", 604_800],
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(seconds, "second");
}

/** Whether the runtime knows this IANA time zone: the check for writing an account's time zone. */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The time zone to format in: the stored one, or UTC when the runtime does not know it. A bad
 * value in the database must not take every page that shows a date down with it.
 */
export function safeTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return "UTC";
  let valid = checkedTimeZones.get(timeZone);
  if (valid === undefined) {
    valid = isValidTimeZone(timeZone);
    if (checkedTimeZones.size >= 1000) checkedTimeZones.clear();
    checkedTimeZones.set(timeZone, valid);
  }
  return valid ? timeZone : "UTC";
}

// Every date on a page asks again; the answer for a name never changes within a runtime.
const checkedTimeZones = new Map<string, boolean>();

/** Dates and times in the portal's language and the account's time zone (UTC if it is unknown). */
export function dateTimeFormatter(language: Language, storedTimeZone: string) {
  const timeZone = safeTimeZone(storedTimeZone);
  const dateTime = new Intl.DateTimeFormat(language, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone,
  });
  const date = new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone });
  return {
    dateTime: (ms: number) => dateTime.format(ms),
    date: (ms: number) => date.format(ms),
    iso: (ms: number) => new Date(ms).toISOString(),
  };
}
