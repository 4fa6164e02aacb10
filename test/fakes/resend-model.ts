// A fake of Resend's `POST /emails`, speaking its wire format: a JSON body in, `{ id }` out, errors
// as `{ statusCode, name, message }`, and an Idempotency-Key that makes a repeated request return
// the first answer without sending again (a different body under a used key is a 409).
// Pure logic, so it runs both behind a Node HTTP server (test/fakes/resend.ts) and inside workerd
// behind fetchMock (test/fakes/resend-fetch-mock.ts).

export type FakeRequest = {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  body: string;
};

export type FakeReply = { status: number; body: unknown };

/** A request the fake received, whatever it answered. */
export type ReceivedRequest = {
  idempotencyKey: string | null;
  authorization: string | null;
  status: number;
  body: Record<string, unknown> | null;
};

/** An email the fake accepted: what a mailbox would have received. */
export type SentEmail = {
  id: string;
  idempotencyKey: string | null;
  from: string;
  replyTo: string | null;
  to: string[];
  subject: string;
  html: string;
  text: string;
};

const ERROR_NAMES: Record<number, string> = {
  400: "invalid_parameter",
  401: "missing_api_key",
  403: "invalid_api_key",
  409: "invalid_idempotent_request",
  422: "validation_error",
  429: "rate_limit_exceeded",
  500: "internal_server_error",
  503: "application_error",
};

export function resendError(status: number, message = `fake error ${status}`): FakeReply {
  return {
    status,
    body: { statusCode: status, name: ERROR_NAMES[status] ?? "application_error", message },
  };
}

export class FakeResendModel {
  readonly requests: ReceivedRequest[] = [];
  readonly emails: SentEmail[] = [];
  /** Scripted answers per recipient, used up in order before the fake answers normally. */
  private readonly scripts = new Map<string, number[]>();
  /** Idempotency key → the request body and the answer it got. */
  private readonly answered = new Map<string, { body: string; reply: FakeReply }>();
  private counter = 0;

  /** The next requests for `recipient` get these statuses (e.g. 500, 500), then normal answers. */
  script(recipient: string, statuses: number[]): void {
    this.scripts.set(recipient.toLowerCase(), [...statuses]);
  }

  requestsFor(recipient: string): ReceivedRequest[] {
    return this.requests.filter((request) => recipientsOf(request.body).includes(recipient));
  }

  emailsTo(recipient: string): SentEmail[] {
    return this.emails.filter((email) => email.to.includes(recipient));
  }

  handle(request: FakeRequest): FakeReply {
    if (request.method !== "POST" || request.path !== "/emails") {
      return { status: 404, body: { statusCode: 404, name: "not_found", message: "Not found" } };
    }
    const idempotencyKey = request.headers["idempotency-key"] ?? null;
    const authorization = request.headers.authorization ?? null;
    let body: Record<string, unknown> | null = null;
    try {
      body = JSON.parse(request.body) as Record<string, unknown>;
    } catch {}
    const reply = this.answer(request, body, idempotencyKey, authorization);
    this.requests.push({ idempotencyKey, authorization, status: reply.status, body });
    return reply;
  }

  private answer(
    request: FakeRequest,
    body: Record<string, unknown> | null,
    idempotencyKey: string | null,
    authorization: string | null,
  ): FakeReply {
    if (!authorization?.startsWith("Bearer re_")) return resendError(401, "Missing API key");
    if (!body) return resendError(422, "Invalid JSON body");
    const scripted = this.scripts.get(recipientsOf(body)[0] ?? "")?.shift();
    if (scripted !== undefined && scripted >= 300) return resendError(scripted);

    if (idempotencyKey) {
      const earlier = this.answered.get(idempotencyKey);
      if (earlier) {
        return earlier.body === request.body
          ? earlier.reply
          : resendError(409, "Same idempotency key used with a different request payload");
      }
    }
    const to = recipientsOf(body);
    const { from, subject, html, text, reply_to: replyTo } = body;
    if (typeof from !== "string" || to.length === 0 || typeof subject !== "string") {
      return resendError(422, "Missing `from`, `to` or `subject`");
    }
    this.counter += 1;
    const id = `fake-${this.counter.toString().padStart(6, "0")}`;
    this.emails.push({
      id,
      idempotencyKey,
      from,
      replyTo: typeof replyTo === "string" ? replyTo : null,
      to,
      subject,
      html: typeof html === "string" ? html : "",
      text: typeof text === "string" ? text : "",
    });
    const reply = { status: 200, body: { id } };
    if (idempotencyKey) this.answered.set(idempotencyKey, { body: request.body, reply });
    return reply;
  }
}

function recipientsOf(body: Record<string, unknown> | null): string[] {
  const to = body?.to;
  if (typeof to === "string") return [to.toLowerCase()];
  return Array.isArray(to)
    ? to.filter((value): value is string => typeof value === "string").map((v) => v.toLowerCase())
    : [];
}
