// Sending through Resend, and what its answer means for the queue. Resend's client does not throw:
// it returns `{ data, error }`, with `error.statusCode` null when the request never got an answer.
import type { Resend } from "resend";
import type { OutgoingEmail } from "./prepare";

export type SendOutcome =
  | { kind: "sent"; providerId: string | null; note: string | null }
  /** Worth another try later: no answer, rate limits, Resend's own errors. */
  | { kind: "transient"; reason: string }
  /** Another try would get the same answer (a bad address, a rejected sender…). */
  | { kind: "permanent"; reason: string };

export type ResendError = {
  statusCode?: number | null;
  name?: string;
  message?: string;
};

/** A hung request must not hold up the rest of the batch. */
const SEND_TIMEOUT_MS = 20_000;

export async function sendWithResend(
  client: Resend,
  email: OutgoingEmail,
  idempotencyKey: string,
): Promise<SendOutcome> {
  const { data, error } = await client.emails.send(
    {
      from: email.from,
      ...(email.replyTo ? { replyTo: email.replyTo } : {}),
      to: [email.to],
      subject: email.subject,
      html: email.html,
      text: email.text,
    },
    { idempotencyKey, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) },
  );
  if (error) return classifyResendError(error);
  return { kind: "sent", providerId: data?.id ?? null, note: null };
}

export function classifyResendError(error: ResendError): SendOutcome {
  const status = typeof error.statusCode === "number" ? error.statusCode : null;
  const name = error.name ?? "error";
  const reason = `Resend ${status ?? "network error"} ${name}: ${error.message ?? "no message"}`;
  if (status === null || status === 429 || status >= 500) return { kind: "transient", reason };
  // The first request with this key is still running: ask again once it has finished.
  if (name === "concurrent_idempotent_requests") return { kind: "transient", reason };
  // Resend already took an email under this key, but with another body (the portal's name or
  // branding changed between a send whose result was lost and this retry): it was sent once.
  if (name === "invalid_idempotent_request") {
    return {
      kind: "sent",
      providerId: null,
      note: `already sent under this idempotency key (${reason})`,
    };
  }
  return { kind: "permanent", reason };
}
