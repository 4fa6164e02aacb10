// "Register" and "forgot password" send an email to an address someone typed. Two dangers: mail as
// a weapon (anyone could flood any inbox) and the answer as an oracle (more work, so a slower
// answer, for an address that has a ticket with the tenant). So a route counts the request per
// client IP and per address — the same work for every address — and answers at once; looking the
// address up, issuing the link and queueing the email run after the answer (`context.waitUntil`).
import { parseWithZod } from "@conform-to/zod/v4";
import { type AppLoadContext, data } from "@remix-run/cloudflare";
import { z } from "zod";
import type { Database } from "../../../db/client";
import type { Account, Portal } from "../../../db/schema";
import type { Config } from "../config";
import { EmailSchema } from "../forms/schemas";
import { requirePortal } from "../tenancy/guards.server";
import { normalizeEmail } from "./addresses";
import { clientIp, countAttempt } from "./rate-limit.server";

export type EmailRequestCount = { allowed: true } | { allowed: false; retryAt: number };

/**
 * Counts one email request against both limits (always both, whatever the outcome).
 * `scope` is where the address is unique: an account's id on a portal, `users` on the dashboard.
 */
export async function countEmailRequest(
  db: Database,
  config: Config,
  input: { ip: string; scope: string; email: string },
  now = Date.now(),
): Promise<EmailRequestCount> {
  const window = config.emailRequestWindowMs;
  const counts = await Promise.all([
    countAttempt(db, `email:ip:${input.ip}`, config.emailRequestIpLimit, window, now),
    countAttempt(
      db,
      `email:address:${input.scope}:${normalizeEmail(input.email)}`,
      config.emailRequestAddressLimit,
      window,
      now,
    ),
  ]);
  const refused = counts.filter((count) => !count.allowed);
  if (refused.length === 0) return { allowed: true };
  return { allowed: false, retryAt: Math.max(...refused.map((count) => count.retryAt)) };
}

/**
 * What a route does with a valid email request: count it, and when it is within the limits hand
 * `send` (the lookup, the link, the email) to run after the answer. Null when accepted; otherwise
 * when to retry.
 */
async function acceptEmailRequest(
  request: Request,
  context: AppLoadContext,
  input: { scope: string; email: string },
  send: () => Promise<void>,
): Promise<{ retryAt: number } | null> {
  const counted = await countEmailRequest(context.db, context.config, {
    ...input,
    ip: clientIp(request),
  });
  if (!counted.allowed) return { retryAt: counted.retryAt };
  context.waitUntil(send());
  return null;
}

const EmailRequestSchema = z.object({ email: EmailSchema });

/**
 * A "send me a link" form, whole: the address checked, the request counted where the address is
 * unique (`scope`), and the same answer after the same work whether or not `send` finds anyone.
 */
export async function emailRequestAction(
  request: Request,
  context: AppLoadContext,
  scope: string,
  send: (email: string) => Promise<void>,
) {
  const submission = parseWithZod(await request.formData(), { schema: EmailRequestSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), sentTo: null, retryAt: null }, 400);
  }
  const { email } = submission.value;
  const refused = await acceptEmailRequest(request, context, { scope, email }, () => send(email));
  if (refused) {
    const result = submission.reply({ formErrors: ["emailRequest.rateLimited"] });
    return data({ result, sentTo: null, retryAt: refused.retryAt }, 429);
  }
  return data({ result: submission.reply({ resetForm: true }), sentTo: email, retryAt: null });
}

/** The portal's forms (register, forgot password): addresses are unique per account. */
export function portalEmailRequest(
  request: Request,
  context: AppLoadContext,
  send: (ref: { account: Account; portal: Portal }, email: string) => Promise<void>,
) {
  const { account, portal } = requirePortal(context);
  return emailRequestAction(request, context, account.id, (email) =>
    send({ account, portal }, email),
  );
}
