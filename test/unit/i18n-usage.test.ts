import { describe, expect, it } from "vitest";
import { CATALOGS } from "../../app/lib/i18n";
import { DASHBOARD_CATALOG } from "../../app/lib/i18n/dashboard";

// Every source file that may show a message, as text (Vite reads them at build time).
const SOURCES = import.meta.glob(["../../app/**/*.{ts,tsx}", "../../workers/**/*.{ts,tsx}"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

const code = Object.entries(SOURCES)
  .filter(([file]) => !file.includes("/i18n/catalogs/") && !file.includes("/i18n/dashboard/en/"))
  .map(([, text]) => text)
  .join("\n");

/** A key is used when it appears as a string literal, or its plural base does (`plural(…, "x", n)`). */
function isUsed(key: string): boolean {
  if (code.includes(`"${key}"`)) return true;
  const base = key.replace(/\.(zero|one|two|few|many|other)$/, "");
  if (base !== key && code.includes(`"${base}"`)) return true;
  // A key picked by a template literal: t(`emailLog.status.${status}`).
  const parts = key.split(".");
  return parts.some((_, end) => end > 0 && code.includes(`\`${parts.slice(0, end).join(".")}.\${`));
}

describe("catalog keys", () => {
  it("reads the app's source files", () => {
    expect(Object.keys(SOURCES).length).toBeGreaterThan(20);
  });

  it("every key of en is used somewhere in the app", () => {
    const unused = Object.keys(CATALOGS.en).filter((key) => !isUsed(key));
    expect(unused).toEqual([]);
  });

  it("every key of the dashboard's catalog is used somewhere in the app", () => {
    const unused = Object.keys(DASHBOARD_CATALOG).filter((key) => !isUsed(key));
    expect(unused).toEqual([]);
  });

  it("the dashboard's keys never shadow the portal's", () => {
    const shared = Object.keys(DASHBOARD_CATALOG).filter((key) => Object.hasOwn(CATALOGS.en, key));
    expect(shared).toEqual([]);
  });

  it("every key the app asks for exists in en or the dashboard's catalog", () => {
    const asked = [...code.matchAll(/\bt\("([a-zA-Z]+\.[\w.]+)"/g)].map(
      (match) => match[1] as string,
    );
    const missing = [...new Set(asked)].filter(
      (key) => !Object.hasOwn(CATALOGS.en, key) && !Object.hasOwn(DASHBOARD_CATALOG, key),
    );
    expect(missing).toEqual([]);
  });
});
