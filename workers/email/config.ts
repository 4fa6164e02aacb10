import { numberSetting } from "../../app/lib/config";
import { formatMailbox, type Mailbox, parseMailbox } from "../../app/lib/email/sender";
import { canonicalHost } from "../../app/lib/tenancy/host";

/** The bindings and variables of the email worker (workers/email/wrangler.toml). */
export type EmailEnv = {
  DB: D1Database;
  /** Dashboard emails link here, e.g. `app.portico.dev` (locally `app.localhost`). */
  DASHBOARD_HOST: string;
  MISCONFIGURED_GRACE_HOURS?: string;
  /**
   * The platform's sender, `Name <address>`: every email leaves from this address; portal emails
   * carry the account's name ("Acme via Portico") and reply-to address.
   */
  EMAIL_FROM: string;
  /** "true" only in local development and tests: without RESEND_API_KEY, emails go to the dev mailbox. */
  DEV_MODE?: string;
  /** A secret in production (`wrangler secret put RESEND_API_KEY`). */
  RESEND_API_KEY?: string;
  /** Resend's API unless set; tests and local runs point it at a fake. */
  RESEND_BASE_URL?: string;
  /** Must equal the consumer's `max_retries`: the last delivery marks the email failed. */
  EMAIL_MAX_RETRIES?: string;
  /** The first retry waits this long; each further one twice as long. */
  EMAIL_RETRY_BASE_SECONDS?: string;
  /** The port `npm start` serves on, added to links to `*.localhost` hosts. */
  LOCAL_PORT?: string;
};

export type EmailConfig = {
  dashboardHost: string;
  misconfiguredGraceMs: number;
  /** The platform's own mailbox (EMAIL_FROM). */
  sender: Mailbox;
  /** EMAIL_FROM as a header value, for Portico's own (dashboard) emails. */
  from: string;
  devMode: boolean;
  resendApiKey: string | null;
  resendBaseUrl: string | undefined;
  maxRetries: number;
  retryBaseSeconds: number;
  localPort: number | null;
};

/** Reads and checks the configuration; a bad value is a loud error, never a silent default. */
export function readEmailConfig(env: EmailEnv): EmailConfig {
  const dashboardHost = canonicalHost(env.DASHBOARD_HOST);
  if (!dashboardHost) throw new Error("Configuration error: DASHBOARD_HOST is missing or invalid");
  const sender = parseMailbox(env.EMAIL_FROM ?? "");
  if (!sender) {
    throw new Error(
      `Configuration error: EMAIL_FROM must be "Name <address>" or an address, got "${env.EMAIL_FROM ?? ""}"`,
    );
  }
  const resendBaseUrl = env.RESEND_BASE_URL?.trim() || undefined;
  if (resendBaseUrl && !URL.canParse(resendBaseUrl)) {
    throw new Error(`Configuration error: RESEND_BASE_URL is not a URL, got "${resendBaseUrl}"`);
  }
  const localPort = numberSetting("LOCAL_PORT", env.LOCAL_PORT, 0);
  return {
    dashboardHost,
    misconfiguredGraceMs:
      numberSetting("MISCONFIGURED_GRACE_HOURS", env.MISCONFIGURED_GRACE_HOURS, 72) * 3_600_000,
    sender,
    from: formatMailbox(sender),
    devMode: env.DEV_MODE === "true",
    resendApiKey: env.RESEND_API_KEY?.trim() || null,
    resendBaseUrl: resendBaseUrl?.replace(/\/+$/, ""),
    maxRetries: Math.trunc(numberSetting("EMAIL_MAX_RETRIES", env.EMAIL_MAX_RETRIES, 5)),
    retryBaseSeconds: numberSetting("EMAIL_RETRY_BASE_SECONDS", env.EMAIL_RETRY_BASE_SECONDS, 30),
    localPort: localPort > 0 ? Math.trunc(localPort) : null,
  };
}
