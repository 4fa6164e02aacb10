import { numberSetting } from "../config";

/** The app worker's variables for its scheduled run (wrangler.toml); each has a default. */
export type ScheduledEnv = {
  /** Rows each purge deletes per run, at most. */
  PURGE_BATCH_SIZE?: string;
  /** Stuck emails the sweep takes per run, at most. */
  EMAIL_REQUEUE_BATCH_SIZE?: string;
  /**
   * An email `queued` or `sending` this long without a change is stuck. Keep it above the email
   * worker's longest retry delay (EMAIL_RETRY_BASE_SECONDS × 2^(EMAIL_MAX_RETRIES − 1)), or an
   * email waiting for its retry is queued a second time (harmless, but wasted).
   */
  EMAIL_STALE_MINUTES?: string;
  /** How often one email is queued again before it is failed for good. */
  EMAIL_MAX_REQUEUES?: string;
  /** Custom domains whose DNS the run re-checks, at most. */
  DOMAIN_CHECK_BATCH_SIZE?: string;
  /** An attachment upload still pending (its message never written) this long is swept. */
  ATTACHMENT_PENDING_MINUTES?: string;
};

export type ScheduledConfig = {
  purgeBatchSize: number;
  emailRequeueBatchSize: number;
  emailStaleMs: number;
  emailMaxRequeues: number;
  domainCheckBatchSize: number;
  attachmentPendingMs: number;
};

const count = (name: string, raw: string | undefined, fallback: number) =>
  Math.max(1, Math.trunc(numberSetting(name, raw, fallback)));

/** A bad value is a loud error, never a silent default. */
export function readScheduledConfig(env: ScheduledEnv): ScheduledConfig {
  return {
    purgeBatchSize: count("PURGE_BATCH_SIZE", env.PURGE_BATCH_SIZE, 1000),
    emailRequeueBatchSize: count("EMAIL_REQUEUE_BATCH_SIZE", env.EMAIL_REQUEUE_BATCH_SIZE, 50),
    emailStaleMs: numberSetting("EMAIL_STALE_MINUTES", env.EMAIL_STALE_MINUTES, 30) * 60_000,
    emailMaxRequeues: count("EMAIL_MAX_REQUEUES", env.EMAIL_MAX_REQUEUES, 3),
    domainCheckBatchSize: count("DOMAIN_CHECK_BATCH_SIZE", env.DOMAIN_CHECK_BATCH_SIZE, 25),
    // Longer than any upload takes: a pending row is an upload whose message was never written.
    attachmentPendingMs:
      numberSetting("ATTACHMENT_PENDING_MINUTES", env.ATTACHMENT_PENDING_MINUTES, 60) * 60_000,
  };
}
