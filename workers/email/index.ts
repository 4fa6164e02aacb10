// The email worker: consumes the app's email queue and owns every call to Resend
// (docs/decisions/004, 006). Each message is handled on its own (deliver.ts); one that fails never
// holds up the rest of its batch.
import { Resend } from "resend";
import type { EmailMessage } from "../../app/lib/email/messages";
import { createDb } from "../../db/client";
import { type EmailEnv, readEmailConfig } from "./config";
import {
  type DeliveryDeps,
  deliver,
  idempotencyKeyOf,
  retryDelaySeconds,
  retryLater,
} from "./deliver";

export type { EmailEnv };

export function createDeps(env: EmailEnv): DeliveryDeps {
  // A bad configuration throws here, so the whole batch is retried and the error is loud.
  const config = readEmailConfig(env);
  return {
    db: createDb(env.DB),
    config,
    resend: config.resendApiKey
      ? new Resend(config.resendApiKey, { baseUrl: config.resendBaseUrl })
      : null,
    now: Date.now,
  };
}

export async function handleBatch(batch: MessageBatch<unknown>, deps: DeliveryDeps): Promise<void> {
  // Copies of one email (same idempotency key) go one after the other, so the second finds the
  // first's result; different emails go side by side.
  const lanes = new Map<string, Message<unknown>[]>();
  for (const message of batch.messages) {
    const lane = idempotencyKeyOf(message.body) ?? message.id;
    lanes.set(lane, [...(lanes.get(lane) ?? []), message]);
  }
  await Promise.all(
    [...lanes.values()].map(async (messages) => {
      for (const message of messages) await handleMessage(message, deps);
    }),
  );
}

async function handleMessage(message: Message<unknown>, deps: DeliveryDeps): Promise<void> {
  try {
    await deliver(message, deps);
  } catch (error) {
    // Unexpected (D1 unavailable, a bug): retry it like a transient failure.
    const reason = `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
    console.error(`email: message ${message.id}: ${reason}`, error);
    const key = idempotencyKeyOf(message.body);
    if (key) {
      try {
        await retryLater(message, deps, { key, reason, recipient: null });
        return;
      } catch (recordError) {
        console.error(`email: message ${message.id}: could not record the failure`, recordError);
      }
    }
    message.retry({
      delaySeconds: retryDelaySeconds(message.attempts, deps.config.retryBaseSeconds),
    });
  }
}

export default {
  async queue(batch, env) {
    await handleBatch(batch, createDeps(env));
  },
} satisfies ExportedHandler<EmailEnv, EmailMessage>;
