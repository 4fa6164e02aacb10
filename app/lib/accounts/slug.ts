// An account's slug names it in every dashboard URL (`/a/{slug}`) and is the first label of its
// system domain (`{slug}.{system domain}`), so it never changes once given. It is derived from the
// account's name at sign-up; uniqueness is the database's (accounts.slug and the live hostname are
// UNIQUE), and a clash takes the next free suffix (signup.server.ts).
import { SLUG_PATTERN } from "../tenancy/reserved";

/** Room for a `-{n}` suffix within SLUG_PATTERN's 48 characters. */
export const ACCOUNT_SLUG_BASE_MAX = 40;

/** First labels that would read as the platform's own under a system domain. */
const RESERVED_ACCOUNT_SLUGS: ReadonlySet<string> = new Set([
  "www",
  "app",
  "api",
  "admin",
  "mail",
  "dashboard",
  "portico",
  "status",
]);

/** Why a slug cannot name an account, or null when it can. */
export function accountSlugProblem(slug: string): "format" | "reserved" | null {
  if (!SLUG_PATTERN.test(slug)) return "format";
  if (RESERVED_ACCOUNT_SLUGS.has(slug)) return "reserved";
  return null;
}

/**
 * The slug an account name asks for: lower-case ASCII letters and digits, words joined by single
 * hyphens, accents dropped ("Café Zürich" → `cafe-zurich`). A name with nothing of that
 * (e.g. all Japanese) becomes `account`.
 */
export function accountSlugBase(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, ACCOUNT_SLUG_BASE_MAX)
    .replace(/^-+|-+$/g, "");
  return base === "" ? "account" : base;
}

/**
 * The first slug from `base`, `base-2`, `base-3`, … that is usable and not in `taken`. `taken` is
 * only a guess at what the database holds: the insert decides, and a clash asks again.
 */
export function nextFreeSlug(base: string, taken: ReadonlySet<string>): string {
  if (accountSlugProblem(base) === null && !taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (accountSlugProblem(candidate) === null && !taken.has(candidate)) return candidate;
  }
}
