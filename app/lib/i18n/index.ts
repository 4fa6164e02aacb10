// The portal speaks its domain's primary language: one language per portal, no visitor switch.
import type { Catalog, MessageKey } from "./catalog";
import { de } from "./catalogs/de";
import { en } from "./catalogs/en";
import { nl } from "./catalogs/nl";

export type { Catalog, MessageKey };

export const CATALOGS = { en, nl, de } satisfies Record<string, Catalog>;

export type Language = keyof typeof CATALOGS;

export const LANGUAGES = Object.keys(CATALOGS) as Language[];

const RIGHT_TO_LEFT = new Set(["ar", "he", "fa", "ur"]);

export function isLanguage(value: string): value is Language {
  return Object.hasOwn(CATALOGS, value);
}

/** The language a portal renders in: its domain's primary language, English when unsupported. */
export function portalLanguage(primaryLanguage: string | null | undefined): Language {
  return primaryLanguage && isLanguage(primaryLanguage) ? primaryLanguage : "en";
}

export function textDirection(language: string): "ltr" | "rtl" {
  return RIGHT_TO_LEFT.has(language.split("-")[0] ?? "") ? "rtl" : "ltr";
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** `t("portal.footer", { portal: "Acme" })`; values are plain text, React escapes them on render. */
export function translator(language: Language): Translate {
  const catalog: Catalog = CATALOGS[language];
  const numbers = new Intl.NumberFormat(language);
  return (key, values) =>
    catalog[key].replace(/\{(\w+)\}/g, (placeholder, name: string) => {
      const value = values?.[name];
      if (value === undefined) return placeholder;
      return typeof value === "number" ? numbers.format(value) : value;
    });
}

/** Dates and times in the portal's language and the account's time zone. */
export function dateTimeFormatter(language: Language, timeZone: string) {
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
