import type { EmailMessage } from "../email/messages";
import type { ImportChunk } from "../imports/imports.server";
import { canonicalHost } from "../tenancy/host";

/** The bindings and variables of the app worker (wrangler.toml). */
export type Env = {
  DB: D1Database;
  /** Ticket attachments' bytes (app/lib/attachments); rows about them live in D1. */
  ATTACHMENTS: R2Bucket;
  EMAIL_QUEUE: Queue<EmailMessage>;
  /** Chunks of contact imports, consumed by this worker's own `queue` handler (workers/app.ts). */
  IMPORT_QUEUE: Queue<ImportChunk>;
  /** The host of the hosted dashboard, e.g. `app.portico.dev` (locally `app.localhost`). */
  DASHBOARD_HOST: string;
  /** Comma-separated platform parents of system domains, e.g. `portico-sites.com,portico-pages.com`. */
  SYSTEM_DOMAINS: string;
  /** "true" only in local development and tests: turns on the dev mailbox and plain-http cookies. */
  DEV_MODE?: string;
  TENANT_CACHE_TTL_SECONDS?: string;
  MISCONFIGURED_GRACE_HOURS?: string;
  /** Failed sign-ins before a contact or user is locked out (HubSpot's number: 10). */
  LOCKOUT_THRESHOLD?: string;
  LOCKOUT_MINUTES?: string;
  /** Sign-in attempts per client IP per window, across all accounts. */
  SIGN_IN_IP_LIMIT?: string;
  SIGN_IN_IP_WINDOW_SECONDS?: string;
  /**
   * Requests that may send an email to a typed address ("register", "forgot password", on portals
   * and the dashboard), per client IP and per address, per window. Counted whether or not the
   * address is known, so the limit itself tells nothing.
   */
  EMAIL_REQUEST_IP_LIMIT?: string;
  EMAIL_REQUEST_ADDRESS_LIMIT?: string;
  EMAIL_REQUEST_WINDOW_SECONDS?: string;
  /**
   * Encrypts dashboard users' authenticator secrets at rest: 32 random bytes, base64
   * (`openssl rand -base64 32`). A secret in production (`wrangler secret put`), never a var.
   */
  TWO_FACTOR_ENCRYPTION_KEY?: string;
  /** Time steps (30 s each) before and after now whose codes are still accepted (default 1). */
  TOTP_WINDOW_STEPS?: string;
  /** How long a teammate's invitation link works (hours; a week by default). */
  TEAM_INVITE_TTL_HOURS?: string;
  /**
   * Where domain checks ask DNS: a DNS-over-HTTPS JSON endpoint (default Cloudflare's). "dev" (only
   * with DEV_MODE) answers from the records set on /dev/dns, so local development needs no network.
   */
  DOH_URL?: string;
  /** The platform hostname custom domains point their CNAME at. */
  CNAME_TARGET?: string;
  /** "true" lets tenants add `*.localhost` names as custom domains: local development and tests only. */
  ALLOW_LOCALHOST_DOMAINS?: string;
  /**
   * Cloudflare for SaaS (docs/operations.md): a token allowed "SSL and Certificates: Edit" on the
   * zone, and the zone's id. Both or neither: without them no custom hostname is created at
   * Cloudflare and DNS alone decides (local development and tests).
   */
  CLOUDFLARE_API_TOKEN?: string;
  CLOUDFLARE_ZONE_ID?: string;
  /** Cloudflare's API unless set; tests point it at a local fake. */
  CLOUDFLARE_API_URL?: string;
  /** Attachment limits (app/lib/attachments/limits.ts): per message, per file, per account. */
  ATTACHMENT_MAX_FILES?: string;
  ATTACHMENT_MAX_FILE_BYTES?: string;
  ATTACHMENT_MAX_MESSAGE_BYTES?: string;
  ATTACHMENT_STORAGE_CAP_BYTES?: string;
};

export type Config = {
  dashboardHost: string;
  systemDomains: string[];
  devMode: boolean;
  tenantCacheTtlMs: number;
  misconfiguredGraceMs: number;
  lockoutThreshold: number;
  lockoutMs: number;
  signInIpLimit: number;
  signInIpWindowMs: number;
  emailRequestIpLimit: number;
  emailRequestAddressLimit: number;
  emailRequestWindowMs: number;
  /** The raw AES-256 key for authenticator secrets (32 bytes). */
  twoFactorKey: Uint8Array<ArrayBuffer>;
  totpWindowSteps: number;
  teamInviteTtlMs: number;
  /** A DoH JSON endpoint, or "dev" for the local records of /dev/dns (DEV_MODE only). */
  dohUrl: string;
  cnameTarget: string;
  allowLocalhostDomains: boolean;
  /** The custom-hostnames API's settings, or null: Cloudflare is not configured. */
  cloudflare: { apiToken: string; zoneId: string; apiUrl: string } | null;
  attachments: AttachmentLimits;
};

/** What one message may carry, and what one account may store. */
export type AttachmentLimits = {
  maxFiles: number;
  maxFileBytes: number;
  maxMessageBytes: number;
  storageCapBytes: number;
};

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = {
  maxFiles: 10,
  maxFileBytes: 10 * 1024 * 1024,
  maxMessageBytes: 25 * 1024 * 1024,
  storageCapBytes: 10 * 1024 * 1024 * 1024,
};

/**
 * The attachment limits. A file is buffered whole before it goes to R2 (R2 needs its length), so
 * the per-file limit is also the memory one upload takes: it may not pass 32 MB.
 */
export function readAttachmentLimits(env: Env): AttachmentLimits {
  const d = DEFAULT_ATTACHMENT_LIMITS;
  const whole = (name: keyof Env, fallback: number) =>
    Math.max(1, Math.trunc(numberSetting(name, env[name] as string | undefined, fallback)));
  const limits = {
    maxFiles: whole("ATTACHMENT_MAX_FILES", d.maxFiles),
    maxFileBytes: whole("ATTACHMENT_MAX_FILE_BYTES", d.maxFileBytes),
    maxMessageBytes: whole("ATTACHMENT_MAX_MESSAGE_BYTES", d.maxMessageBytes),
    storageCapBytes: whole("ATTACHMENT_STORAGE_CAP_BYTES", d.storageCapBytes),
  };
  if (limits.maxFileBytes > 32 * 1024 * 1024) {
    throw new Error("Configuration error: ATTACHMENT_MAX_FILE_BYTES may not pass 32 MB");
  }
  return limits;
}

export const DEFAULT_DOH_URL = "https://cloudflare-dns.com/dns-query";
export const DEFAULT_CNAME_TARGET = "customers.portico.dev";
export const DEFAULT_CLOUDFLARE_API_URL = "https://api.cloudflare.com/client/v4";

function readDohUrl(raw: string | undefined, devMode: boolean): string {
  const value = raw?.trim() || DEFAULT_DOH_URL;
  if (value === "dev") {
    if (!devMode) throw new Error('Configuration error: DOH_URL "dev" needs DEV_MODE');
    return value;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Configuration error: DOH_URL is not a URL: "${value}"`);
  }
  if (url.protocol !== "https:" && !devMode) {
    throw new Error("Configuration error: DOH_URL must be https");
  }
  return url.toString();
}

function readCloudflare(env: Env): Config["cloudflare"] {
  const apiToken = env.CLOUDFLARE_API_TOKEN?.trim() ?? "";
  const zoneId = env.CLOUDFLARE_ZONE_ID?.trim() ?? "";
  if (!apiToken && !zoneId) return null;
  if (!apiToken || !zoneId) {
    throw new Error(
      "Configuration error: CLOUDFLARE_API_TOKEN and CLOUDFLARE_ZONE_ID go together; set both or neither",
    );
  }
  const apiUrl = env.CLOUDFLARE_API_URL?.trim() || DEFAULT_CLOUDFLARE_API_URL;
  if (!URL.canParse(apiUrl)) {
    throw new Error(`Configuration error: CLOUDFLARE_API_URL is not a URL: "${apiUrl}"`);
  }
  return { apiToken, zoneId, apiUrl };
}

/** The two-factor key as 32 bytes; anything else is a configuration error, never a weak key. */
function twoFactorKey(raw: string | undefined): Uint8Array<ArrayBuffer> {
  const message = "Configuration error: TWO_FACTOR_ENCRYPTION_KEY must be 32 random bytes, base64";
  if (!raw) throw new Error(message);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = Uint8Array.from(atob(raw.trim()), (char) => char.charCodeAt(0));
  } catch {
    throw new Error(message);
  }
  if (bytes.length !== 32) throw new Error(message);
  return bytes;
}

const MAX_TENANT_CACHE_TTL_SECONDS = 30;

export function numberSetting(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  const value = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`Configuration error: ${name} must be a non-negative number, got "${raw}"`);
  }
  return value;
}

/** Reads and checks the configuration once; a bad value is a loud error, never a silent default. */
export function readConfig(env: Env): Config {
  const dashboardHost = canonicalHost(env.DASHBOARD_HOST);
  if (!dashboardHost) throw new Error("Configuration error: DASHBOARD_HOST is missing or invalid");
  const systemDomains = (env.SYSTEM_DOMAINS ?? "")
    .split(",")
    .map((value) => value.trim())
    .filter(Boolean)
    .map((value) => {
      const host = canonicalHost(value);
      if (!host) throw new Error(`Configuration error: SYSTEM_DOMAINS has an invalid "${value}"`);
      return host;
    });
  if (systemDomains.length === 0) throw new Error("Configuration error: SYSTEM_DOMAINS is empty");
  const ttlSeconds = Math.min(
    numberSetting("TENANT_CACHE_TTL_SECONDS", env.TENANT_CACHE_TTL_SECONDS, 30),
    MAX_TENANT_CACHE_TTL_SECONDS,
  );
  const devMode = env.DEV_MODE === "true";
  const cnameTarget = canonicalHost(env.CNAME_TARGET?.trim() || DEFAULT_CNAME_TARGET);
  if (!cnameTarget) throw new Error("Configuration error: CNAME_TARGET is missing or invalid");
  return {
    dashboardHost,
    systemDomains,
    devMode,
    tenantCacheTtlMs: ttlSeconds * 1000,
    misconfiguredGraceMs:
      numberSetting("MISCONFIGURED_GRACE_HOURS", env.MISCONFIGURED_GRACE_HOURS, 72) * 3_600_000,
    lockoutThreshold: Math.max(1, numberSetting("LOCKOUT_THRESHOLD", env.LOCKOUT_THRESHOLD, 10)),
    lockoutMs: numberSetting("LOCKOUT_MINUTES", env.LOCKOUT_MINUTES, 30) * 60_000,
    signInIpLimit: Math.max(1, numberSetting("SIGN_IN_IP_LIMIT", env.SIGN_IN_IP_LIMIT, 100)),
    signInIpWindowMs:
      numberSetting("SIGN_IN_IP_WINDOW_SECONDS", env.SIGN_IN_IP_WINDOW_SECONDS, 900) * 1000,
    emailRequestIpLimit: Math.max(
      1,
      numberSetting("EMAIL_REQUEST_IP_LIMIT", env.EMAIL_REQUEST_IP_LIMIT, 30),
    ),
    emailRequestAddressLimit: Math.max(
      1,
      numberSetting("EMAIL_REQUEST_ADDRESS_LIMIT", env.EMAIL_REQUEST_ADDRESS_LIMIT, 5),
    ),
    emailRequestWindowMs:
      numberSetting("EMAIL_REQUEST_WINDOW_SECONDS", env.EMAIL_REQUEST_WINDOW_SECONDS, 3600) * 1000,
    twoFactorKey: twoFactorKey(env.TWO_FACTOR_ENCRYPTION_KEY),
    totpWindowSteps: Math.floor(numberSetting("TOTP_WINDOW_STEPS", env.TOTP_WINDOW_STEPS, 1)),
    teamInviteTtlMs:
      numberSetting("TEAM_INVITE_TTL_HOURS", env.TEAM_INVITE_TTL_HOURS, 168) * 3_600_000,
    dohUrl: readDohUrl(env.DOH_URL, devMode),
    cnameTarget,
    allowLocalhostDomains: env.ALLOW_LOCALHOST_DOMAINS === "true",
    cloudflare: readCloudflare(env),
    attachments: readAttachmentLimits(env),
  };
}
