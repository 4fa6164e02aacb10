// Tests that write make their own tenants here and leave the demo data as seeded.
import { desc, eq, sql } from "drizzle-orm";
import { newToken } from "../app/lib/auth/tokens";
import { newId } from "../app/lib/db/ids";
import { defaultConsentSettings, defaultDisplaySettings } from "../app/lib/portals/defaults";
import { chunkedInsert, runBatch } from "../db/batch";
import type { Database } from "../db/client";
import * as s from "../db/schema";

export type AccountFixture = {
  accountId: string;
  name: string;
  domainId: string;
  hostname: string;
  inboxId: string;
  portalIds: string[];
  slugs: string[];
};

export type AccountOptions = {
  name?: string;
  hostname?: string;
  kind?: s.DomainKind;
  status?: s.DomainStatus;
  statusChangedAt?: number;
  language?: string;
  /** Slugs of the portals to create on the domain (default: one, "help"). */
  slugs?: string[];
  accessMode?: s.AccessMode;
  consent?: s.ConsentSettings;
  ticketPermission?: s.TicketPermission;
  permissionFilter?: s.PermissionFilter;
  supportForm?: s.SupportFormField[];
};

/** An account with one domain, one inbox and its portals. */
export async function createAccount(
  db: Database,
  options: AccountOptions = {},
): Promise<AccountFixture> {
  const accountId = newId("acc");
  const suffix = accountId.slice(-8);
  const name = options.name ?? `Test ${suffix}`;
  const hostname = options.hostname ?? `t-${suffix}.portico-sites.localhost`;
  const domainId = newId("dom");
  const inboxId = newId("inb");
  const slugs = options.slugs ?? ["help"];
  const portalIds = slugs.map(() => newId("prt"));
  const now = Date.now();
  await runBatch(db, [
    ...chunkedInsert(db, s.accounts, [{ id: accountId, name, slug: `t-${suffix}` }]),
    ...chunkedInsert(db, s.domains, [
      {
        id: domainId,
        accountId,
        hostname,
        kind: options.kind ?? "system",
        status: options.status ?? "active",
        primaryLanguage: options.language ?? "en",
        verificationToken: newId("tok"),
        statusChangedAt: options.statusChangedAt ?? now,
      },
    ]),
    ...chunkedInsert(db, s.inboxes, [{ id: inboxId, accountId, name: "Support" }]),
    ...chunkedInsert(
      db,
      s.portals,
      slugs.map((slug, index) => ({
        id: portalIds[index] as string,
        accountId,
        domainId,
        slug,
        name: `${name} ${slug}`,
        defaultInboxId: inboxId,
        displaySettings: defaultDisplaySettings(),
        consentSettings: options.consent ?? defaultConsentSettings(),
        accessMode: options.accessMode ?? "anyone_with_ticket",
        ticketPermission: options.ticketPermission ?? "own",
        permissionFilter: options.permissionFilter ?? [],
        supportForm: options.supportForm ?? [],
        updatedAt: now,
      })),
    ),
  ]);
  return { accountId, name, domainId, hostname, inboxId, portalIds, slugs };
}

export type ContactOptions = {
  email?: string;
  membershipEmail?: string | null;
  name?: string;
  companyId?: string | null;
  /** A password hash (hash once per test file: scrypt is deliberately slow). */
  passwordHash?: string | null;
  /** Give the contact a ticket in the account (what "anyone with a ticket" asks for). */
  withTicket?: { inboxId: string } | null;
  accessGroupIds?: string[];
  jobTitle?: string | null;
  properties?: Record<string, string>;
  notifyOnAgentReply?: boolean;
};

/** A contact in an existing account, optionally with a ticket and access-group memberships. */
export async function createContact(
  db: Database,
  accountId: string,
  options: ContactOptions = {},
): Promise<{ contactId: string; email: string; signInEmail: string }> {
  const contactId = newId("ctc");
  const email = options.email ?? `${contactId}@customer.example`;
  const now = Date.now();
  const statements = [
    ...chunkedInsert(db, s.contacts, [
      {
        id: contactId,
        accountId,
        email,
        membershipEmail: options.membershipEmail ?? null,
        name: options.name ?? "Casey Customer",
        notifyOnAgentReply: options.notifyOnAgentReply ?? true,
        primaryCompanyId: options.companyId ?? null,
        passwordHash: options.passwordHash ?? null,
        jobTitle: options.jobTitle ?? null,
        properties: options.properties ?? {},
      },
    ]),
    ...(options.accessGroupIds ?? []).flatMap((accessGroupId) =>
      chunkedInsert(db, s.accessGroupMembers, [{ accountId, accessGroupId, contactId }]),
    ),
  ];
  if (options.withTicket) {
    statements.push(
      db.insert(s.tickets).values({
        id: newId("tkt"),
        accountId,
        number: sql`(select coalesce(max(number), 0) + 1 from tickets where account_id = ${accountId})`,
        subject: "A question",
        requesterContactId: contactId,
        inboxId: options.withTicket.inboxId,
        source: "email",
        lastActivityAt: now,
      }),
    );
  }
  await runBatch(db, statements);
  return { contactId, email, signInEmail: options.membershipEmail ?? email };
}

/** An access group admitted to the given portal. */
export async function createAccessGroup(
  db: Database,
  accountId: string,
  portalId: string,
): Promise<string> {
  const accessGroupId = newId("grp");
  await runBatch(db, [
    ...chunkedInsert(db, s.accessGroups, [{ id: accessGroupId, accountId, name: accessGroupId }]),
    ...chunkedInsert(db, s.portalAccessGroups, [{ accountId, portalId, accessGroupId }]),
  ]);
  return accessGroupId;
}

/** A single-use link for a contact, as the app would issue it; returns the raw token. */
export async function createLink(
  db: Database,
  scope: { accountId: string; portalId: string; contactId: string },
  kind: "registration" | "password_reset" | "access_group_invite",
  expiresInMs = 24 * 60 * 60 * 1000,
): Promise<string> {
  const { id, secretHash, token } = newToken();
  await db.insert(s.oneTimeTokens).values({
    id,
    secretHash,
    kind,
    ...scope,
    expiresAt: Date.now() + expiresInMs,
  });
  return token;
}

/** A ticket with its thread; messages are authored by the requester unless `userId` is given. */
export async function createTicketFixture(
  db: Database,
  input: {
    accountId: string;
    inboxId: string;
    contactId: string;
    companyId?: string | null;
    subject?: string;
    status?: s.TicketStatus;
    lastActivityAt?: number;
    messages?: { body: string; visibility?: "public" | "internal"; userId?: string }[];
  },
): Promise<{ ticketId: string; number: number }> {
  const ticketId = newId("tkt");
  const now = input.lastActivityAt ?? Date.now();
  await runBatch(db, [
    db.insert(s.tickets).values({
      id: ticketId,
      accountId: input.accountId,
      number: sql`(select coalesce(max(number), 0) + 1 from tickets where account_id = ${input.accountId})`,
      subject: input.subject ?? "A question",
      status: input.status ?? "new",
      requesterContactId: input.contactId,
      companyId: input.companyId ?? null,
      inboxId: input.inboxId,
      source: "portal",
      createdAt: now,
      lastActivityAt: now,
    }),
    ...chunkedInsert(
      db,
      s.ticketMessages,
      (input.messages ?? []).map((message, index) => ({
        id: newId("msg"),
        accountId: input.accountId,
        ticketId,
        visibility: message.visibility ?? "public",
        authorContactId: message.userId ? null : input.contactId,
        authorUserId: message.userId ?? null,
        body: message.body,
        createdAt: now + index,
      })),
    ),
  ]);
  const [row] = await db
    .select({ number: s.tickets.number })
    .from(s.tickets)
    .where(eq(s.tickets.id, ticketId));
  return { ticketId, number: row?.number ?? 0 };
}

/** A company of the account. */
export async function createCompany(
  db: Database,
  accountId: string,
  name = "Company",
): Promise<string> {
  const companyId = newId("cmp");
  await db.insert(s.companies).values({ id: companyId, accountId, name });
  return companyId;
}

/** Puts a contact in a new access group of the portal, with its invite standing on the portal. */
export async function addToAccessGroup(
  db: Database,
  input: {
    accountId: string;
    portalId: string;
    contactId: string;
    inviteStatus?: (typeof s.INVITE_STATUSES)[number] | null;
  },
): Promise<{ accessGroupId: string }> {
  const { accountId, portalId, contactId } = input;
  const accessGroupId = newId("grp");
  const inviteStatus = input.inviteStatus === undefined ? "pending" : input.inviteStatus;
  await runBatch(db, [
    ...chunkedInsert(db, s.accessGroups, [{ id: accessGroupId, accountId, name: accessGroupId }]),
    ...chunkedInsert(db, s.portalAccessGroups, [{ accountId, portalId, accessGroupId }]),
    ...chunkedInsert(db, s.accessGroupMembers, [{ accountId, accessGroupId, contactId }]),
    ...(inviteStatus
      ? chunkedInsert(db, s.portalMembers, [
          { id: newId("pmb"), accountId, portalId, contactId, inviteStatus, invitedAt: Date.now() },
        ])
      : []),
  ]);
  return { accessGroupId };
}

/** A user with a role in the account. */
export async function createUser(
  db: Database,
  accountId: string,
  options: { name?: string; email?: string; role?: s.Role; passwordHash?: string | null } = {},
): Promise<{ userId: string; email: string }> {
  const userId = newId("usr");
  const email = options.email ?? `${userId}@team.example`;
  await runBatch(db, [
    ...chunkedInsert(db, s.users, [
      {
        id: userId,
        email,
        name: options.name ?? "Alex Agent",
        passwordHash: options.passwordHash ?? null,
      },
    ]),
    ...chunkedInsert(db, s.memberships, [{ accountId, userId, role: options.role ?? "agent" }]),
    ...chunkedInsert(db, s.agents, [
      { accountId, userId, displayName: options.name ?? "Alex Agent" },
    ]),
  ]);
  return { userId, email };
}

/** A ticket requested by the contact, numbered after the account's last one. */
export async function createTicket(
  db: Database,
  fixture: AccountFixture,
  input: { contactId: string; subject?: string; portalId?: string },
): Promise<{ ticketId: string; number: number }> {
  const [last] = await db
    .select({ number: s.tickets.number })
    .from(s.tickets)
    .where(eq(s.tickets.accountId, fixture.accountId))
    .orderBy(desc(s.tickets.number))
    .limit(1);
  const ticketId = newId("tkt");
  const number = (last?.number ?? 0) + 1;
  const now = Date.now();
  await db.insert(s.tickets).values({
    id: ticketId,
    accountId: fixture.accountId,
    number,
    subject: input.subject ?? "Something is broken",
    requesterContactId: input.contactId,
    inboxId: fixture.inboxId,
    portalId: input.portalId ?? fixture.portalIds[0] ?? null,
    source: "portal",
    lastActivityAt: now,
  });
  return { ticketId, number };
}

/** A message in a ticket's thread, by a contact or a user (agent). */
export async function createTicketMessage(
  db: Database,
  input: {
    accountId: string;
    ticketId: string;
    body: string;
    visibility?: "public" | "internal";
    author: { contactId: string } | { userId: string };
  },
): Promise<{ messageId: string }> {
  const messageId = newId("msg");
  await db.insert(s.ticketMessages).values({
    id: messageId,
    accountId: input.accountId,
    ticketId: input.ticketId,
    visibility: input.visibility ?? "public",
    authorContactId: "contactId" in input.author ? input.author.contactId : null,
    authorUserId: "userId" in input.author ? input.author.userId : null,
    body: input.body,
  });
  return { messageId };
}

/** An email log row, as the email worker would have left it. */
export async function createEmailLogEntry(
  db: Database,
  input: Partial<typeof s.emailLog.$inferInsert> & { accountId: string | null },
): Promise<typeof s.emailLog.$inferSelect> {
  const now = Date.now();
  const [row] = await db
    .insert(s.emailLog)
    .values({
      id: newId("eml"),
      idempotencyKey: newId("key"),
      kind: "ticket_received",
      status: "sent",
      updatedAt: now,
      createdAt: now,
      ...input,
    })
    .returning();
  if (!row) throw new Error("email log row not inserted");
  return row;
}

/** An open teammate invitation and its link's token, as the Team page makes one. */
export async function createTeamInvite(
  db: Database,
  input: {
    accountId: string;
    invitedByUserId: string;
    email?: string;
    role?: s.InvitableRole;
    expiresInMs?: number;
  },
): Promise<{ inviteId: string; email: string; token: string }> {
  const { id, secretHash, token } = newToken();
  const email = input.email ?? `${id}@invited.example`;
  await db.insert(s.teamInvites).values({
    id,
    secretHash,
    accountId: input.accountId,
    email,
    role: input.role ?? "agent",
    invitedByUserId: input.invitedByUserId,
    expiresAt: Date.now() + (input.expiresInMs ?? 60 * 60 * 1000),
  });
  return { inviteId: id, email, token };
}

/** A saved reply of the account (title unique per account). */
export async function createSavedReplyFixture(
  db: Database,
  accountId: string,
  values: { title?: string; body?: string; createdBy?: string } = {},
): Promise<string> {
  const id = newId("srp");
  await db.insert(s.savedReplies).values({
    id,
    accountId,
    title: values.title ?? `Reply ${id}`,
    body: values.body ?? "Hello {{contact.first_name}}, this is {{agent.first_name}}.",
    createdBy: values.createdBy ?? null,
    updatedAt: Date.now(),
  });
  return id;
}

export type ManyTicketsInput = {
  count: number;
  inboxIds: string[];
  /** null: unassigned. */
  assigneeUserIds: (string | null)[];
  /** null: opened by an agent, from no portal. */
  portalIds: (string | null)[];
  contactIds: string[];
  /** Ticket i is created at `start + i`; its last activity repeats every count/2 tickets (ties). */
  start?: number;
};

/**
 * `count` tickets for load and query-plan tests, cycling through the inboxes, assignees, portals,
 * contacts, stages and priorities given; chunked INSERTs (D1's parameter limit), a few batches.
 * Returns the rows as inserted, so a test can say which tickets a page should hold.
 */
export async function createManyTickets(
  db: Database,
  accountId: string,
  input: ManyTicketsInput,
): Promise<(typeof s.tickets.$inferInsert & { createdAt: number; lastActivityAt: number })[]> {
  const start = input.start ?? 1_700_000_000_000;
  const half = Math.max(1, Math.floor(input.count / 2));
  // Each property cycles at its own pace, so the filters combine into ranges of every size.
  const at = <T>(values: T[], i: number) => values[i % values.length] as T;
  const rows = Array.from({ length: input.count }, (_, index) => {
    const i = index + 1;
    return {
      id: `tkt_many_${accountId.slice(-8)}_${String(i).padStart(6, "0")}`,
      accountId,
      number: i,
      subject: `Question ${i}`,
      status: at([...s.TICKET_STATUSES], Math.floor(i / 7)),
      priority: i % 5 === 0 ? null : at([...s.TICKET_PRIORITIES], Math.floor(i / 11)),
      requesterContactId: at(input.contactIds, Math.floor(i / 5)),
      inboxId: at(input.inboxIds, i),
      assigneeUserId: at(input.assigneeUserIds, Math.floor(i / 2)),
      portalId: at(input.portalIds, Math.floor(i / 3)),
      source: "portal" as const,
      createdAt: start + i,
      lastActivityAt: start + ((i * 7919) % half),
    };
  });
  const statements = chunkedInsert(db, s.tickets, rows);
  for (let from = 0; from < statements.length; from += 500) {
    await runBatch(db, statements.slice(from, from + 500));
  }
  return rows;
}
