// The email worker: consumes the app's email queue. Every message is recorded in the email log.
import { sql } from "drizzle-orm";
import type { EmailMessage } from "../../app/lib/email/messages";
import { createDb } from "../../db/client";
import { emailLog } from "../../db/schema";

export type EmailEnv = {
  DB: D1Database;
  DEV_MODE?: string;
};

export default {
  async queue(batch, env) {
    const db = createDb(env.DB);
    for (const message of batch.messages) {
      const body = message.body;
      await db
        .insert(emailLog)
        .values({
          id: crypto.randomUUID(),
          idempotencyKey: body.idempotencyKey,
          kind: body.kind,
          accountId: body.accountId,
          portalId: "portalId" in body ? body.portalId : null,
          status: "queued",
          attempts: message.attempts,
          updatedAt: Date.now(),
        })
        .onConflictDoUpdate({
          target: emailLog.idempotencyKey,
          set: { attempts: sql`excluded.attempts` },
        });
      message.ack();
    }
  },
} satisfies ExportedHandler<EmailEnv, EmailMessage>;
