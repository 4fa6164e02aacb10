import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmailMessage } from "../../app/lib/email/messages";
import { emailLog } from "../../db/schema";
import { eventually, type Stack, startStack } from "../support/stack";

describe("app worker and email worker together", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.dispose();
  });

  it("serves the demo portal from the deployable bundle", async () => {
    const response = await stack.mf.dispatchFetch("http://help.acme.localhost/portal");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<html lang="nl"');
  });

  it("delivers what the app enqueues to the email worker", async () => {
    const bindings = await stack.mf.getBindings<{ EMAIL_QUEUE: Queue<EmailMessage> }>("portico");
    const key = `test-${crypto.randomUUID()}`;
    await bindings.EMAIL_QUEUE.send({
      kind: "ticket_received",
      idempotencyKey: key,
      accountId: "acc_acme",
      portalId: "prt_acme_support",
      ticketId: "tkt_acme_4",
    });
    const row = await eventually(async () => {
      const [found] = await stack.db
        .select()
        .from(emailLog)
        .where(eq(emailLog.idempotencyKey, key));
      return found;
    });
    expect(row).toMatchObject({
      kind: "ticket_received",
      accountId: "acc_acme",
      portalId: "prt_acme_support",
    });
  });
});
