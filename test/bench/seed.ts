// Benchmark accounts, seeded straight into D1: a company-mode portal, a contact who signs in, and
// as many tickets as asked in a few statements (recursive CTEs), each with its first message.
// Ticket 1 carries a 30-message thread; ticket 2 takes the benchmark's replies.
import { defaultConsentSettings, defaultDisplaySettings } from "../../app/lib/portals/defaults";

export const BENCH_PASSWORD = "portico-bench-1";
/** A word in one subject in six: what the search scenario looks for. */
export const SEARCH_TERM = "invoice";
const TOPICS = ["invoice", "printer", "sign-in", "export", "billing", "network"];
export const THREAD_MESSAGES = 30;

export type BenchAccount = {
  tickets: number;
  accountId: string;
  portalId: string;
  host: string;
  slug: string;
  email: string;
  /** Ticket with the 30-message thread. */
  threadNumber: number;
  /** Ticket the reply scenario posts to (its thread grows during the run). */
  replyNumber: number;
};

const MINUTE = 60_000;

/** One account with `tickets` tickets; `key` keeps its ids and hostname apart from the others. */
export async function seedBenchAccount(
  d1: D1Database,
  key: string,
  tickets: number,
  passwordHash: string,
  now = Date.now(),
): Promise<BenchAccount> {
  const id = (kind: string) => `${kind}_bench_${key}`;
  const accountId = id("acc");
  const portalId = id("prt");
  const contactId = id("ctc");
  const colleagueId = id("ctc2");
  const companyId = id("cmp");
  const inboxId = id("inb");
  const userId = id("usr");
  const host = `bench-${key}.portico-sites.localhost`;
  const slug = "help";
  const email = `contact-${key}@bench.example`;
  const topic = `case i % ${TOPICS.length} ${TOPICS.map((t, n) => `when ${n} then '${t}'`).join(" ")} end`;
  const run = (sql: string, ...params: unknown[]) => d1.prepare(sql).bind(...params);

  await d1.batch([
    run(
      "insert into accounts (id, name, slug) values (?, ?, ?)",
      accountId,
      `Bench ${key}`,
      id("a"),
    ),
    run(
      `insert into domains (id, account_id, hostname, kind, status, primary_language, verification_token, status_changed_at)
       values (?, ?, ?, 'system', 'active', 'en', ?, ?)`,
      id("dom"),
      accountId,
      host,
      id("tok"),
      now,
    ),
    run("insert into inboxes (id, account_id, name) values (?, ?, 'Support')", inboxId, accountId),
    run(
      `insert into portals (id, account_id, domain_id, slug, name, default_inbox_id, ticket_permission,
         access_mode, display_settings, consent_settings, updated_at)
       values (?, ?, ?, ?, ?, ?, 'company', 'anyone_with_ticket', ?, ?, ?)`,
      portalId,
      accountId,
      id("dom"),
      slug,
      `Bench ${key} Help`,
      inboxId,
      JSON.stringify(defaultDisplaySettings()),
      JSON.stringify(defaultConsentSettings()),
      now,
    ),
    run(
      "insert into companies (id, account_id, name) values (?, ?, 'Bench Company')",
      companyId,
      accountId,
    ),
    run(
      `insert into contacts (id, account_id, email, name, primary_company_id, password_hash)
       values (?, ?, ?, 'Casey Bench', ?, ?), (?, ?, ?, 'Robin Colleague', ?, null)`,
      contactId,
      accountId,
      email,
      companyId,
      passwordHash,
      colleagueId,
      accountId,
      `colleague-${key}@bench.example`,
      companyId,
    ),
    run(
      "insert into users (id, email, name) values (?, ?, 'Alex Agent')",
      userId,
      `agent-${key}@bench.example`,
    ),
    run(
      "insert into memberships (account_id, user_id, role) values (?, ?, 'agent')",
      accountId,
      userId,
    ),
    run(
      "insert into agents (account_id, user_id, display_name) values (?, ?, 'Alex Agent')",
      accountId,
      userId,
    ),
    // All tickets are the company's; one in ten is the signed-in contact's own. Ticket 1 is the newest.
    run(
      `with recursive seq(i) as (select 1 union all select i + 1 from seq where i < ?1)
       insert into tickets (id, account_id, number, subject, status, requester_contact_id, company_id,
         inbox_id, portal_id, source, created_at, last_activity_at, closed_at)
       select ?2 || '_' || i, ?3, i, 'Question ' || i || ' about the ' || ${topic},
         case i % 4 when 0 then 'closed' when 1 then 'new' when 2 then 'waiting_on_us' else 'waiting_on_contact' end,
         case when i % 10 = 1 then ?4 else ?5 end, ?6, ?7, ?8, 'portal',
         ?9 - i * ${MINUTE}, ?9 - i * ${MINUTE}, case when i % 4 = 0 then ?9 - i * ${MINUTE} end
       from seq`,
      tickets,
      id("tkt"),
      accountId,
      contactId,
      colleagueId,
      companyId,
      inboxId,
      portalId,
      now,
    ),
    run(
      `insert into ticket_messages (id, account_id, ticket_id, visibility, author_contact_id, body, created_at)
       select 'msg_' || id, account_id, id, 'public', requester_contact_id,
         'Hello, a question about ' || subject || '. Thank you.', created_at
       from tickets where account_id = ?`,
      accountId,
    ),
    // The rest of ticket 1's thread: agent and contact in turn.
    run(
      `with recursive seq(i) as (select 2 union all select i + 1 from seq where i < ?1)
       insert into ticket_messages (id, account_id, ticket_id, visibility, author_contact_id,
         author_user_id, body, created_at)
       select ?2 || '_' || i, ?3, ?4, 'public',
         case when i % 2 = 1 then ?5 end, case when i % 2 = 0 then ?6 end,
         'Message ' || i || ' of the thread: a few sentences of an ordinary support conversation, '
           || 'long enough to look like one, with a detail or two about what was tried.',
         ?7 - ${MINUTE} + i * 1000
       from seq`,
      THREAD_MESSAGES,
      id("msg_thread"),
      accountId,
      `${id("tkt")}_1`,
      contactId,
      userId,
      now,
    ),
  ]);
  return {
    tickets,
    accountId,
    portalId,
    host,
    slug,
    email,
    threadNumber: 1,
    replyNumber: 2,
  };
}
