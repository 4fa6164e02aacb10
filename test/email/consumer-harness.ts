// What the email worker's tests share: its environment with Resend faked, and a way to hand it a
// batch of queue messages as the queue would.
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import type { EmailMessage } from "../../app/lib/email/messages";
import worker, { type EmailEnv } from "../../workers/email/index";
import { FAKE_RESEND_URL } from "../fakes/resend-fetch-mock";

export function emailEnv(overrides: Partial<EmailEnv> = {}): EmailEnv {
  return {
    DB: env.DB,
    DASHBOARD_HOST: "app.localhost",
    EMAIL_FROM: "Portico <no-reply@portico.test>",
    MISCONFIGURED_GRACE_HOURS: "72",
    DEV_MODE: "false",
    RESEND_API_KEY: "re_test_key",
    RESEND_BASE_URL: FAKE_RESEND_URL,
    EMAIL_MAX_RETRIES: "3",
    EMAIL_RETRY_BASE_SECONDS: "10",
    ...overrides,
  };
}

const handler: ExportedHandler<EmailEnv, EmailMessage> = worker;

/** Runs one batch of the messages through the worker's queue handler, first attempts. */
export async function deliver(messages: EmailMessage[]): Promise<void> {
  const batch = createMessageBatch<EmailMessage>(
    "portico-email",
    messages.map((body) => ({ id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await handler.queue?.(batch, emailEnv(), ctx);
  await getQueueResult(batch, ctx);
}
