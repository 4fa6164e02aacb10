import { describe, expect, it } from "vitest";
import { EMAIL_KINDS, EmailMessageSchema } from "../../app/lib/email/messages";
import { readEmailConfig } from "../../workers/email/config";
import { retryDelaySeconds } from "../../workers/email/deliver";
import { classifyResendError } from "../../workers/email/resend";

const base = { idempotencyKey: "key-1", accountId: "acc_1" };

describe("EmailMessageSchema", () => {
  it.each([
    { kind: "access_group_invite", portalId: "p", contactId: "c", token: "t" },
    { kind: "registration", portalId: "p", contactId: "c", token: "t" },
    { kind: "password_reset", portalId: "p", contactId: "c", token: "t" },
    { kind: "agent_replied", portalId: "p", ticketId: "t", messageId: "m" },
    { kind: "ticket_received", portalId: "p", ticketId: "t" },
    { kind: "dashboard_invite", email: "new@team.example", invitedByUserId: "u", token: "t" },
    { kind: "dashboard_password_reset", userId: "u", token: "t" },
    { kind: "dashboard_email_change", userId: "u", email: "new@team.example", token: "t" },
    {
      kind: "dashboard_email_change_notice",
      userId: "u",
      email: "old@team.example",
      newEmail: "new@team.example",
    },
    { kind: "dashboard_email_verification", userId: "u", token: "t" },
    { kind: "domain_misconfigured", userId: "u", domainId: "d" },
    { kind: "new_ticket", ticketId: "t", messageId: "m", userId: "u" },
    { kind: "customer_replied", ticketId: "t", messageId: "m", userId: "u" },
  ])("accepts $kind", (message) => {
    expect(EmailMessageSchema.safeParse({ ...base, ...message }).success).toBe(true);
  });

  it("has a case for every kind", () => {
    expect(EMAIL_KINDS).toHaveLength(13);
  });

  it.each([
    ["an unknown kind", { ...base, kind: "newsletter" }],
    [
      "no idempotency key",
      { kind: "ticket_received", accountId: "a", portalId: "p", ticketId: "t" },
    ],
    ["an empty id", { ...base, kind: "ticket_received", portalId: "", ticketId: "t" }],
    ["a missing token", { ...base, kind: "registration", portalId: "p", contactId: "c" }],
    ["a domain alert without its domain", { ...base, kind: "domain_misconfigured", userId: "u" }],
    [
      "an invalid invite address",
      { ...base, kind: "dashboard_invite", email: "nope", invitedByUserId: "u", token: "t" },
    ],
    ["not an object", "ticket_received"],
    ["null", null],
  ])("refuses %s", (_, message) => {
    expect(EmailMessageSchema.safeParse(message).success).toBe(false);
  });

  it("normalises a dashboard invite address", () => {
    const parsed = EmailMessageSchema.parse({
      ...base,
      kind: "dashboard_invite",
      email: "  New.Person@Team.Example ",
      invitedByUserId: "u",
      token: "t",
    });
    expect(parsed).toMatchObject({ email: "new.person@team.example" });
  });
});

describe("classifyResendError", () => {
  it.each([
    [
      { statusCode: null, name: "application_error", message: "Unable to fetch data." },
      "transient",
    ],
    [{ statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" }, "transient"],
    [{ statusCode: 429, name: "daily_quota_exceeded", message: "Quota" }, "transient"],
    [{ statusCode: 500, name: "internal_server_error", message: "Oops" }, "transient"],
    [{ statusCode: 502, name: "application_error", message: "Bad gateway" }, "transient"],
    [
      { statusCode: 409, name: "concurrent_idempotent_requests", message: "In progress" },
      "transient",
    ],
    [{ statusCode: 400, name: "invalid_parameter", message: "Bad" }, "permanent"],
    [{ statusCode: 401, name: "missing_api_key", message: "Missing" }, "permanent"],
    [{ statusCode: 403, name: "invalid_api_key", message: "Invalid" }, "permanent"],
    [{ statusCode: 422, name: "validation_error", message: "Invalid `to`" }, "permanent"],
    [{ statusCode: 409, name: "invalid_idempotent_request", message: "Other payload" }, "sent"],
    // A body without the fields Resend documents still gets a decision.
    [{}, "transient"],
  ] as const)("%o -> %s", (error, expected) => {
    expect(classifyResendError(error).kind).toBe(expected);
  });

  it("says what Resend said", () => {
    expect(
      classifyResendError({ statusCode: 422, name: "validation_error", message: "Invalid `to`" }),
    ).toEqual({ kind: "permanent", reason: "Resend 422 validation_error: Invalid `to`" });
  });
});

describe("retryDelaySeconds", () => {
  it.each([
    [1, 30, 30],
    [2, 30, 60],
    [3, 30, 120],
    [5, 30, 480],
    [1, 0, 0],
    [4, 0, 0],
    // Capped at the 12 hours Cloudflare Queues allows.
    [20, 30, 43_200],
  ])("attempt %i with base %i s waits %i s", (attempt, base, expected) => {
    expect(retryDelaySeconds(attempt, base)).toBe(expected);
  });
});

describe("readEmailConfig", () => {
  const env = {
    DB: {} as D1Database,
    DASHBOARD_HOST: "App.Portico.dev",
    EMAIL_FROM: "Portico <no-reply@portico.dev>",
  };

  it("reads production defaults", () => {
    expect(readEmailConfig(env)).toMatchObject({
      dashboardHost: "app.portico.dev",
      devMode: false,
      resendApiKey: null,
      resendBaseUrl: undefined,
      maxRetries: 5,
      retryBaseSeconds: 30,
      localPort: null,
    });
  });

  it("reads the test settings", () => {
    expect(
      readEmailConfig({
        ...env,
        DEV_MODE: "true",
        RESEND_API_KEY: "re_test",
        RESEND_BASE_URL: "http://127.0.0.1:4010/",
        EMAIL_MAX_RETRIES: "3",
        EMAIL_RETRY_BASE_SECONDS: "0",
        LOCAL_PORT: "8787",
      }),
    ).toMatchObject({
      devMode: true,
      resendApiKey: "re_test",
      resendBaseUrl: "http://127.0.0.1:4010",
      maxRetries: 3,
      retryBaseSeconds: 0,
      localPort: 8787,
    });
  });

  it.each([
    ["DASHBOARD_HOST", { DASHBOARD_HOST: "" }],
    ["EMAIL_FROM", { EMAIL_FROM: " " }],
    ["RESEND_BASE_URL", { RESEND_BASE_URL: "not a url" }],
    ["EMAIL_MAX_RETRIES", { EMAIL_MAX_RETRIES: "-1" }],
    ["EMAIL_RETRY_BASE_SECONDS", { EMAIL_RETRY_BASE_SECONDS: "soon" }],
  ])("refuses a bad %s", (name, overrides) => {
    expect(() => readEmailConfig({ ...env, ...overrides })).toThrow(name);
  });
});
