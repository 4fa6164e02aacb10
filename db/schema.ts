// The one definition of Portico's data. Migrations in db/migrations are generated from it by
// drizzle-kit (plus hand-written ones, such as full-text search, numbered after them).
//
// Conventions:
// - ids are text, generated in the app (app/lib/db/ids.ts), so a batch can refer to rows it creates;
// - every tenant-owned row carries account_id, and every list index starts with it;
// - times are integer milliseconds since the epoch (UTC); the account's time zone is for display only;
// - enumerations are text columns checked in SQL, so a bad value can never land.
import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

const createdAt = () =>
  integer("created_at", { mode: "number" })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

export const ROLES = ["owner", "admin", "agent"] as const;
export const DOMAIN_KINDS = ["system", "custom"] as const;
export const DOMAIN_STATUSES = ["pending", "active", "misconfigured", "removed"] as const;
export const TICKET_PERMISSIONS = ["own", "company", "company_filtered"] as const;
export const ACCESS_MODES = ["anyone_with_ticket", "access_groups"] as const;
export const INVITE_STATUSES = ["pending", "accepted", "failed"] as const;
/** A wizard's portal is a draft until "Finish"; only a live portal serves. */
export const PORTAL_STATUSES = ["draft", "live", "unpublished"] as const;
/** Roles a teammate can be invited with; ownership only ever moves by transfer. */
export const INVITABLE_ROLES = ["admin", "agent"] as const;
export const TICKET_STATUSES = ["new", "waiting_on_us", "waiting_on_contact", "closed"] as const;
export const TICKET_PRIORITIES = ["low", "medium", "high", "urgent"] as const;
export const TICKET_SOURCES = ["portal", "email", "agent"] as const;
export const MESSAGE_VISIBILITIES = ["public", "internal"] as const;
/** pending: uploaded, its message not yet written; attached: part of a message (app/lib/attachments). */
export const ATTACHMENT_STATUSES = ["pending", "attached"] as const;
export const SESSION_KINDS = ["dashboard", "portal"] as const;
export const TOKEN_KINDS = [
  "registration",
  "password_reset",
  "access_group_invite",
  "dashboard_invite",
  "dashboard_password_reset",
  "dashboard_email_verification",
  "dashboard_email_change",
] as const;
export const EMAIL_STATUSES = ["queued", "sending", "sent", "skipped", "failed"] as const;

export type Role = (typeof ROLES)[number];
export type DomainKind = (typeof DOMAIN_KINDS)[number];
export type DomainStatus = (typeof DOMAIN_STATUSES)[number];
export type TicketPermission = (typeof TICKET_PERMISSIONS)[number];
export type AccessMode = (typeof ACCESS_MODES)[number];
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type PortalStatus = (typeof PORTAL_STATUSES)[number];
export type InvitableRole = (typeof INVITABLE_ROLES)[number];
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/** Which ticket properties a portal shows, in order, and the customer-facing stage labels. */
export type DisplaySettings = {
  listProperties: string[];
  detailProperties: string[];
  /** Per language, per stage: what customers read instead of the pipeline stage's name. */
  stageLabels: Partial<Record<TicketStatus, string>>;
  defaultSort: "last_activity" | "created";
  listClosedTickets: boolean;
};

export type ConsentSettings = {
  enabled: boolean;
  text: string;
  /** Bumped whenever the text changes, so each consent names the text it agreed to. */
  version: number;
  requireCheckbox: boolean;
};

export type SupportFormField = {
  key: string;
  type: "category" | "priority" | "text" | "select" | "checkbox";
  label: string;
  required: boolean;
  options?: string[];
};

/** company_filtered: who gets the company view, as `property = value` conditions (all must hold). */
export type PermissionFilter = { property: string; value: string }[];

export const accounts = sqliteTable("accounts", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  timeZone: text("time_zone").notNull().default("UTC"),
  // Emails always come from the platform's address (workers/email); these only name the account
  // in the From header and say where replies go (app/lib/email/sender.ts).
  senderName: text("sender_name"),
  supportReplyTo: text("support_reply_to"),
  // Members without two-factor sign-in are sent to set it up before they reach this account.
  requireTwoFactor: integer("require_two_factor", { mode: "boolean" }).notNull().default(false),
  // Which kinds of file (app/lib/attachments/detect.ts) may be attached; null: the default list.
  attachmentKinds: text("attachment_kinds", { mode: "json" }).$type<string[]>(),
  createdAt: createdAt(),
});

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  // Stored lower-case and trimmed; dashboard sign-in compares on it.
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash"),
  failedSignIns: integer("failed_sign_ins").notNull().default(0),
  lockedUntil: integer("locked_until"),
  // Set when the user followed the verification link sent at sign-up (or accepted an invite).
  emailVerifiedAt: integer("email_verified_at"),
  createdAt: createdAt(),
});

export const memberships = sqliteTable(
  "memberships",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.userId] }),
    index("memberships_user_idx").on(t.userId),
    check("memberships_role_check", inList("role", ROLES)),
  ],
);

/**
 * The tenant's side of its team (ARCHITECTURE.md, "Directory data and tenant data"): who may work
 * the account's tickets, under which name, and how they want to hear about them. Written in the same
 * batches as memberships; a row stays when the teammate leaves (left_at), so the threads they wrote
 * keep their name. Tenant queries read names from here, never from users.
 */
export const agents = sqliteTable(
  "agents",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    userId: text("user_id").notNull(),
    displayName: text("display_name").notNull(),
    // Set when the membership ends; cleared when they join again.
    leftAt: integer("left_at"),
    notifyNewTicket: integer("notify_new_ticket", { mode: "boolean" }).notNull().default(true),
    notifyCustomerReplied: integer("notify_customer_replied", { mode: "boolean" })
      .notNull()
      .default(true),
    keyboardShortcuts: integer("keyboard_shortcuts", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.userId] })],
);

export const domains = sqliteTable(
  "domains",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    // Canonical form only (app/lib/tenancy/host.ts): the same function runs at write and request time.
    hostname: text("hostname").notNull(),
    kind: text("kind", { enum: DOMAIN_KINDS }).notNull(),
    status: text("status", { enum: DOMAIN_STATUSES }).notNull(),
    primaryLanguage: text("primary_language").notNull().default("en"),
    // Proves ownership through TXT _portico-verify.{hostname}; new per claim, so no takeover.
    verificationToken: text("verification_token").notNull(),
    statusChangedAt: integer("status_changed_at").notNull(),
    lastCheckedAt: integer("last_checked_at"),
    nextCheckAt: integer("next_check_at"),
    checkFailures: integer("check_failures").notNull().default(0),
    lastCheckError: text("last_check_error"),
    createdAt: createdAt(),
  },
  (t) => [
    // One live claim per hostname; removed claims stay as history.
    uniqueIndex("domains_live_hostname_unique").on(t.hostname).where(sql`status <> 'removed'`),
    index("domains_account_idx").on(t.accountId, t.status, t.hostname),
    index("domains_next_check_idx").on(t.status, t.nextCheckAt),
    check("domains_kind_check", inList("kind", DOMAIN_KINDS)),
    check("domains_status_check", inList("status", DOMAIN_STATUSES)),
  ],
);

export const inboxes = sqliteTable(
  "inboxes",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    name: text("name").notNull(),
    // An archived inbox takes no new tickets and leaves the queue's list; its tickets stay.
    archivedAt: integer("archived_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("inboxes_account_name_unique").on(t.accountId, t.name)],
);

export const portals = sqliteTable(
  "portals",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    domainId: text("domain_id")
      .notNull()
      .references(() => domains.id),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    // Drafts hold their slug (the unique index below) but never serve; see the resolver.
    status: text("status", { enum: PORTAL_STATUSES }).notNull().default("live"),
    // A draft's next wizard step, so an unfinished draft resumes where it was left.
    setupStep: text("setup_step"),
    defaultInboxId: text("default_inbox_id")
      .notNull()
      .references(() => inboxes.id),
    ticketPermission: text("ticket_permission", { enum: TICKET_PERMISSIONS })
      .notNull()
      .default("own"),
    permissionFilter: text("permission_filter", { mode: "json" })
      .$type<PermissionFilter>()
      .notNull()
      .default(sql`'[]'`),
    accessMode: text("access_mode", { enum: ACCESS_MODES }).notNull().default("anyone_with_ticket"),
    displaySettings: text("display_settings", { mode: "json" }).$type<DisplaySettings>().notNull(),
    consentSettings: text("consent_settings", { mode: "json" }).$type<ConsentSettings>().notNull(),
    supportForm: text("support_form", { mode: "json" })
      .$type<SupportFormField[]>()
      .notNull()
      .default(sql`'[]'`),
    logoUrl: text("logo_url"),
    accentColor: text("accent_color").notNull().default("#1d4ed8"),
    knowledgeBaseUrl: text("knowledge_base_url"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("portals_domain_slug_unique").on(t.domainId, t.slug),
    index("portals_account_idx").on(t.accountId, t.name),
    check("portals_ticket_permission_check", inList("ticket_permission", TICKET_PERMISSIONS)),
    check("portals_access_mode_check", inList("access_mode", ACCESS_MODES)),
    check("portals_status_check", inList("status", PORTAL_STATUSES)),
  ],
);

export const companies = sqliteTable(
  "companies",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    name: text("name").notNull(),
    webDomain: text("web_domain"),
    createdAt: createdAt(),
  },
  (t) => [index("companies_account_name_idx").on(t.accountId, t.name)],
);

export const contacts = sqliteTable(
  "contacts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    // Both addresses are stored lower-case and trimmed.
    email: text("email").notNull(),
    // Where registration and access-group emails go, and the portal sign-in address; falls back
    // to email when empty.
    membershipEmail: text("membership_email"),
    signInEmail: text("sign_in_email").generatedAlwaysAs(sql`coalesce(membership_email, email)`, {
      mode: "virtual",
    }),
    name: text("name").notNull(),
    jobTitle: text("job_title"),
    primaryCompanyId: text("primary_company_id").references(() => companies.id),
    // Custom contact properties (company_filtered portals match on them).
    properties: text("properties", { mode: "json" })
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'`),
    // One password per contact per account, valid on each portal where the contact has access.
    passwordHash: text("password_hash"),
    failedSignIns: integer("failed_sign_ins").notNull().default(0),
    lockedUntil: integer("locked_until"),
    notifyOnAgentReply: integer("notify_on_agent_reply", { mode: "boolean" })
      .notNull()
      .default(true),
    // The account's one "Deleted contact": the requester of tickets whose contact was deleted
    // (app/lib/contacts/data-rights.server.ts). Never listed, edited or signed in as.
    placeholder: integer("placeholder", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("contacts_account_placeholder_unique").on(t.accountId).where(sql`placeholder = 1`),
    uniqueIndex("contacts_account_email_unique").on(t.accountId, t.email),
    uniqueIndex("contacts_account_sign_in_email_unique").on(t.accountId, t.signInEmail),
    index("contacts_account_company_idx").on(t.accountId, t.primaryCompanyId),
    index("contacts_account_name_idx").on(t.accountId, t.name),
  ],
);

/**
 * Every address of a contact, email and membership email alike, under one unique index: an address
 * names at most one contact of an account, so a sign-in address always finds one contact. Kept in
 * step with contacts by triggers (migration contact_addresses), so every write of a contact — a
 * form, an import, a merge — maintains it in the same statement.
 */
export const contactAddresses = sqliteTable(
  "contact_addresses",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    address: text("address").notNull(),
    contactId: text("contact_id")
      .notNull()
      .references(() => contacts.id),
  },
  (t) => [
    uniqueIndex("contact_addresses_account_address_unique").on(t.accountId, t.address),
    index("contact_addresses_contact_idx").on(t.accountId, t.contactId),
  ],
);

export const contactCompanies = sqliteTable(
  "contact_companies",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    contactId: text("contact_id")
      .notNull()
      .references(() => contacts.id),
    companyId: text("company_id")
      .notNull()
      .references(() => companies.id),
  },
  (t) => [
    primaryKey({ columns: [t.contactId, t.companyId] }),
    index("contact_companies_company_idx").on(t.accountId, t.companyId),
  ],
);

export const accessGroups = sqliteTable(
  "access_groups",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("access_groups_account_name_unique").on(t.accountId, t.name)],
);

export const accessGroupMembers = sqliteTable(
  "access_group_members",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    accessGroupId: text("access_group_id")
      .notNull()
      .references(() => accessGroups.id),
    contactId: text("contact_id")
      .notNull()
      .references(() => contacts.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.accessGroupId, t.contactId] }),
    index("access_group_members_contact_idx").on(t.accountId, t.contactId),
  ],
);

/** Which access groups may use an `access_groups` portal. */
export const portalAccessGroups = sqliteTable(
  "portal_access_groups",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    portalId: text("portal_id")
      .notNull()
      .references(() => portals.id),
    accessGroupId: text("access_group_id")
      .notNull()
      .references(() => accessGroups.id),
  },
  (t) => [
    primaryKey({ columns: [t.portalId, t.accessGroupId] }),
    index("portal_access_groups_group_idx").on(t.accountId, t.accessGroupId),
  ],
);

/** A contact's standing on one portal: invited, registered, last seen; consent given there. */
export const portalMembers = sqliteTable(
  "portal_members",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    portalId: text("portal_id")
      .notNull()
      .references(() => portals.id),
    contactId: text("contact_id")
      .notNull()
      .references(() => contacts.id),
    inviteStatus: text("invite_status", { enum: INVITE_STATUSES }).notNull(),
    invitedAt: integer("invited_at"),
    acceptedAt: integer("accepted_at"),
    lastSignInAt: integer("last_sign_in_at"),
    revokedAt: integer("revoked_at"),
    consentVersion: integer("consent_version"),
    consentedAt: integer("consented_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("portal_members_portal_contact_unique").on(t.portalId, t.contactId),
    index("portal_members_account_portal_idx").on(t.accountId, t.portalId, t.inviteStatus),
    check("portal_members_invite_status_check", inList("invite_status", INVITE_STATUSES)),
  ],
);

export const tickets = sqliteTable(
  "tickets",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    // Per account, assigned in the INSERT itself (app/lib/tickets) and guarded by the unique index.
    number: integer("number").notNull(),
    subject: text("subject").notNull(),
    status: text("status", { enum: TICKET_STATUSES }).notNull().default("new"),
    priority: text("priority", { enum: TICKET_PRIORITIES }),
    category: text("category"),
    requesterContactId: text("requester_contact_id")
      .notNull()
      .references(() => contacts.id),
    companyId: text("company_id").references(() => companies.id),
    inboxId: text("inbox_id")
      .notNull()
      .references(() => inboxes.id),
    assigneeUserId: text("assignee_user_id").references(() => users.id),
    portalId: text("portal_id").references(() => portals.id),
    source: text("source", { enum: TICKET_SOURCES }).notNull(),
    customFields: text("custom_fields", { mode: "json" })
      .$type<Record<string, string | boolean>>()
      .notNull()
      .default(sql`'{}'`),
    // A double-submitted support form creates one ticket.
    idempotencyKey: text("idempotency_key"),
    createdAt: createdAt(),
    lastActivityAt: integer("last_activity_at").notNull(),
    closedAt: integer("closed_at"),
    // Bumped by every change to the ticket's fields from the help desk: a change carries the version
    // the agent saw (`UPDATE … WHERE version = ?`), so a concurrent change is shown, not overwritten.
    version: integer("version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("tickets_account_number_unique").on(t.accountId, t.number),
    uniqueIndex("tickets_account_idempotency_unique").on(t.accountId, t.idempotencyKey),
    // The portal list (app/lib/tickets/queries.server.ts): one index per arm of its UNION, for
    // each sort. Whether the ticket is closed comes before the sort column, so a status filter is
    // an equality and each index range is already in the list's order.
    index("tickets_requester_activity_idx").on(
      t.accountId,
      t.requesterContactId,
      sql`(status = 'closed')`,
      t.lastActivityAt,
      t.id,
    ),
    index("tickets_company_activity_idx").on(
      t.accountId,
      t.companyId,
      sql`(status = 'closed')`,
      t.lastActivityAt,
      t.id,
    ),
    index("tickets_requester_created_idx").on(
      t.accountId,
      t.requesterContactId,
      sql`(status = 'closed')`,
      t.createdAt,
      t.id,
    ),
    index("tickets_company_created_idx").on(
      t.accountId,
      t.companyId,
      sql`(status = 'closed')`,
      t.createdAt,
      t.id,
    ),
    // The help desk's queue (app/lib/helpdesk/queue.server.ts): an inbox, an assignee (or none),
    // or the whole account, each in the order of either sort, so a page is the first rows of one
    // index range and the keyset cursor a seek into it; stage, priority and portal filter within
    // the range. The two (…, status, …) indexes serve a stage filter and the counts per stage.
    // test/integration/helpdesk-plan.test.ts holds each query's plan.
    index("tickets_inbox_idx").on(t.accountId, t.inboxId, t.status, t.lastActivityAt, t.id),
    index("tickets_assignee_idx").on(t.accountId, t.assigneeUserId, t.status, t.lastActivityAt),
    index("tickets_queue_inbox_activity_idx").on(t.accountId, t.inboxId, t.lastActivityAt, t.id),
    index("tickets_queue_inbox_created_idx").on(t.accountId, t.inboxId, t.createdAt, t.id),
    index("tickets_queue_assignee_activity_idx").on(
      t.accountId,
      t.assigneeUserId,
      t.lastActivityAt,
      t.id,
    ),
    index("tickets_queue_assignee_created_idx").on(
      t.accountId,
      t.assigneeUserId,
      t.createdAt,
      t.id,
    ),
    index("tickets_queue_account_activity_idx").on(t.accountId, t.lastActivityAt, t.id),
    index("tickets_queue_account_created_idx").on(t.accountId, t.createdAt, t.id),
    // "All inboxes"' counts per stage: grouped in the index's order, not in a temporary B-tree.
    index("tickets_queue_account_status_idx").on(t.accountId, t.status),
    check("tickets_status_check", inList("status", TICKET_STATUSES)),
    check("tickets_source_check", inList("source", TICKET_SOURCES)),
    check(
      "tickets_priority_check",
      sql`priority is null or ${inList("priority", TICKET_PRIORITIES)}`,
    ),
  ],
);

export const ticketMessages = sqliteTable(
  "ticket_messages",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    ticketId: text("ticket_id")
      .notNull()
      .references(() => tickets.id),
    // Internal notes never leave the dashboard.
    visibility: text("visibility", { enum: MESSAGE_VISIBILITIES }).notNull(),
    authorContactId: text("author_contact_id").references(() => contacts.id),
    authorUserId: text("author_user_id").references(() => users.id),
    body: text("body").notNull(),
    // From the reply or note form, scoped to its ticket and author: a double submit (a second
    // click, a retried request) carries the same key and writes one message. Null on messages
    // written another way (a ticket's first message, older rows).
    idempotencyKey: text("idempotency_key"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("ticket_messages_account_idempotency_unique").on(t.accountId, t.idempotencyKey),
    // With the id last, "the newest message" (the queue's who-acted-last) and a thread in order
    // (created_at, id) read the index in order, without a sort per ticket.
    index("ticket_messages_ticket_idx").on(t.accountId, t.ticketId, t.createdAt, t.id),
    check("ticket_messages_visibility_check", inList("visibility", MESSAGE_VISIBILITIES)),
    check(
      "ticket_messages_one_author_check",
      sql`(author_contact_id is null) <> (author_user_id is null)`,
    ),
  ],
);

/**
 * A file attached to a ticket message. The bytes live in R2 (the ATTACHMENTS bucket) under
 * `object_key` = `{account}/{ticket}/{random}`, which carries no user input; this row is written
 * (pending) before the object, so every object has a row the sweep can find, and the message's own
 * batch turns it attached (message_id set), so a message never points at a missing file.
 */
export const attachments = sqliteTable(
  "attachments",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    // No foreign key: a new ticket's files are uploaded before its row exists (same batch later).
    ticketId: text("ticket_id").notNull(),
    messageId: text("message_id").references(() => ticketMessages.id),
    status: text("status", { enum: ATTACHMENT_STATUSES }).notNull().default("pending"),
    objectKey: text("object_key").notNull().unique(),
    // As the browser gave it, cleaned (app/lib/attachments/names.ts); shown, never used as a path.
    fileName: text("file_name").notNull(),
    size: integer("size").notNull(),
    // Detected from the file's first bytes, never the browser's Content-Type.
    mime: text("mime").notNull(),
    kind: text("kind").notNull(),
    // SHA-256 of the bytes, hex.
    checksum: text("checksum").notNull(),
    uploaderContactId: text("uploader_contact_id").references(() => contacts.id),
    uploaderUserId: text("uploader_user_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    // A thread's files, fetched with its messages.
    index("attachments_ticket_idx").on(t.accountId, t.ticketId, t.messageId),
    // The per-account storage total (covering: no table lookups for the sum).
    index("attachments_account_size_idx").on(t.accountId, t.size),
    // The sweep of pending uploads that never joined a message.
    index("attachments_pending_idx").on(t.createdAt).where(sql`status = 'pending'`),
    check("attachments_status_check", inList("status", ATTACHMENT_STATUSES)),
    check("attachments_attached_check", sql`(status = 'attached') = (message_id is not null)`),
    check(
      "attachments_one_uploader_check",
      sql`(uploader_contact_id is null) <> (uploader_user_id is null)`,
    ),
    check("attachments_size_check", sql`size >= 0`),
  ],
);

/**
 * Sessions in Lucia's design: the cookie holds `{id}.{secret}`; the row keeps the id and only the
 * secret's SHA-256.
 * A portal session names its portal and host; a dashboard session names neither.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    // SHA-256 (hex) of the token's secret half; compared in constant time.
    secretHash: text("secret_hash").notNull().default(""),
    kind: text("kind", { enum: SESSION_KINDS }).notNull(),
    accountId: text("account_id").references(() => accounts.id),
    userId: text("user_id").references(() => users.id),
    contactId: text("contact_id").references(() => contacts.id),
    portalId: text("portal_id").references(() => portals.id),
    host: text("host").notNull(),
    expiresAt: integer("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("sessions_user_idx").on(t.userId),
    // The scheduled purge deletes by expiry (app/lib/scheduled).
    index("sessions_expires_idx").on(t.expiresAt),
    index("sessions_contact_idx").on(t.accountId, t.contactId),
    check(
      "sessions_kind_check",
      sql`(kind = 'dashboard' and user_id is not null and contact_id is null and portal_id is null)
        or (kind = 'portal' and contact_id is not null and portal_id is not null and account_id is not null and user_id is null)`,
    ),
  ],
);

/**
 * A dashboard user's authenticator (TOTP) secret, encrypted with the key from the environment
 * (app/lib/two-factor/secret.server.ts). A row without `enabled_at` is a set-up not yet confirmed
 * with a code; only an enabled row asks for a code at sign-in.
 */
export const twoFactorSecrets = sqliteTable("two_factor_secrets", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id),
  secret: text("secret").notNull(),
  enabledAt: integer("enabled_at"),
  // The last time step a code was accepted for: a code for it or an earlier one is refused, by a
  // conditional update, so a code seen once (over a shoulder, in a log) cannot be used again.
  lastUsedStep: integer("last_used_step"),
  createdAt: createdAt(),
});

/** Ten single-use codes for when the authenticator is lost; only their SHA-256 is stored. */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    codeHash: text("code_hash").notNull(),
    // Spent by `UPDATE … WHERE used_at IS NULL RETURNING`: two parallel uses succeed once.
    usedAt: integer("used_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("recovery_codes_user_code_unique").on(t.userId, t.codeHash)],
);

/**
 * The state between a right password and the second factor: not a session (no route reads this
 * table as one), short-lived, bound to the dashboard host, spent once. Token as for sessions.
 */
export const twoFactorChallenges = sqliteTable(
  "two_factor_challenges",
  {
    id: text("id").primaryKey(),
    secretHash: text("secret_hash").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    host: text("host").notNull(),
    expiresAt: integer("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("two_factor_challenges_user_idx").on(t.userId),
    index("two_factor_challenges_expires_idx").on(t.expiresAt),
  ],
);

export const SECURITY_EVENTS = [
  "password_changed",
  "two_factor_enabled",
  "two_factor_disabled",
  "recovery_code_used",
  "recovery_codes_replaced",
  "signed_out_everywhere",
  "email_change_requested",
  "email_changed",
] as const;
export type SecurityEvent = (typeof SECURITY_EVENTS)[number];

/**
 * A dashboard user's own security history, shown on their profile. It belongs to the user, not to
 * an account (directory data); the accounts' audit logs record the same changes for their owners.
 */
export const securityEvents = sqliteTable(
  "security_events",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    event: text("event", { enum: SECURITY_EVENTS }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("security_events_user_idx").on(t.userId, t.createdAt),
    check("security_events_event_check", inList("event", SECURITY_EVENTS)),
  ],
);

/** Single-use links (registration, reset, invites): `{id}.{secret}`, only the secret's SHA-256 stored. */
export const oneTimeTokens = sqliteTable(
  "one_time_tokens",
  {
    id: text("id").primaryKey(),
    secretHash: text("secret_hash").notNull().default(""),
    kind: text("kind", { enum: TOKEN_KINDS }).notNull(),
    accountId: text("account_id").references(() => accounts.id),
    contactId: text("contact_id").references(() => contacts.id),
    userId: text("user_id").references(() => users.id),
    portalId: text("portal_id").references(() => portals.id),
    // The address a link is for when it is not the user's own yet (an email change).
    email: text("email"),
    expiresAt: integer("expires_at").notNull(),
    // Spent by `UPDATE … WHERE used_at IS NULL RETURNING`, so two parallel uses succeed once.
    usedAt: integer("used_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("one_time_tokens_contact_idx").on(t.accountId, t.contactId, t.kind),
    index("one_time_tokens_expires_idx").on(t.expiresAt),
    check("one_time_tokens_kind_check", inList("kind", TOKEN_KINDS)),
  ],
);

/**
 * A teammate invitation: `{id}.{secret}` in the emailed link, only the secret's SHA-256 stored. One
 * open invitation per address and account; accepting it is a conditional UPDATE, so it works once.
 */
export const teamInvites = sqliteTable(
  "team_invites",
  {
    id: text("id").primaryKey(),
    secretHash: text("secret_hash").notNull(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    // Lower-case and trimmed, like users.email.
    email: text("email").notNull(),
    role: text("role", { enum: INVITABLE_ROLES }).notNull(),
    invitedByUserId: text("invited_by_user_id").references(() => users.id),
    expiresAt: integer("expires_at").notNull(),
    acceptedAt: integer("accepted_at"),
    revokedAt: integer("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("team_invites_open_unique")
      .on(t.accountId, t.email)
      .where(sql`accepted_at is null and revoked_at is null`),
    index("team_invites_account_idx").on(t.accountId, t.createdAt),
    check("team_invites_role_check", inList("role", INVITABLE_ROLES)),
  ],
);

/** Every email Portico was asked to send, and what became of it. Written by both workers. */
export const emailLog = sqliteTable(
  "email_log",
  {
    id: text("id").primaryKey(),
    // Also sent to Resend as its Idempotency-Key: a replay after a crash sends nothing twice.
    idempotencyKey: text("idempotency_key").notNull().unique(),
    kind: text("kind").notNull(),
    accountId: text("account_id").references(() => accounts.id),
    portalId: text("portal_id").references(() => portals.id),
    recipient: text("recipient"),
    subject: text("subject"),
    html: text("html"),
    text: text("text"),
    // The queue message without its link token (app/lib/email/messages.ts), so a stuck email can be
    // sent again; a link email gets a fresh link instead (docs/decisions/004).
    payload: text("payload", { mode: "json" }).$type<Record<string, string>>(),
    status: text("status", { enum: EMAIL_STATUSES }).notNull(),
    reason: text("reason"),
    providerId: text("provider_id"),
    attempts: integer("attempts").notNull().default(0),
    // How often the scheduled sweep found the email stuck and put it back on the queue.
    requeues: integer("requeues").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("email_log_account_idx").on(t.accountId, t.createdAt, t.id),
    index("email_log_recipient_idx").on(t.recipient, t.createdAt),
    // The sweep for stuck emails: unfinished rows by age.
    index("email_log_unfinished_idx").on(t.status, t.updatedAt),
    check("email_log_status_check", inList("status", EMAIL_STATUSES)),
  ],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    actorUserId: text("actor_user_id").references(() => users.id),
    action: text("action").notNull(),
    target: text("target"),
    details: text("details", { mode: "json" })
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'`),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_log_account_idx").on(t.accountId, t.createdAt, t.id),
    index("audit_log_account_action_idx").on(t.accountId, t.action, t.createdAt),
  ],
);

/** An account's saved replies: text agents insert into a reply, with placeholders filled on insert. */
export const savedReplies = sqliteTable(
  "saved_replies",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    title: text("title").notNull(),
    body: text("body").notNull(),
    createdBy: text("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  // The unique index decides a duplicate title (also under a race) and serves the list by title.
  (t) => [uniqueIndex("saved_replies_account_title_unique").on(t.accountId, t.title)],
);

/** Fixed-window counters for sign-in limits; updated in SQL so parallel requests count once each. */
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    windowStart: integer("window_start").notNull(),
    // Windows differ per key; the scheduled purge deletes a row once its window has ended.
    windowEndsAt: integer("window_ends_at").notNull().default(0),
    count: integer("count").notNull(),
  },
  (t) => [index("rate_limits_window_ends_idx").on(t.windowEndsAt)],
);

export const DEV_DNS_TYPES = ["TXT", "CNAME"] as const;
export type DevDnsType = (typeof DEV_DNS_TYPES)[number];

/**
 * DNS records of local development and tests only (DEV_MODE with DOH_URL "dev"): what /dev/dns
 * sets and what domain checks then read, in DNS-over-HTTPS JSON, instead of asking real DNS.
 */
export const devDnsRecords = sqliteTable(
  "dev_dns_records",
  {
    id: text("id").primaryKey(),
    // Canonical, no trailing dot: `_portico-verify.help.newco.localhost`.
    name: text("name").notNull(),
    type: text("type", { enum: DEV_DNS_TYPES }).notNull(),
    value: text("value").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("dev_dns_records_unique").on(t.name, t.type, t.value),
    check("dev_dns_records_type_check", inList("type", DEV_DNS_TYPES)),
  ],
);

export const IMPORT_STATUSES = ["ready", "importing", "done"] as const;
/** "all": import nothing while a row has an error; "valid": import the rows without one. */
export const IMPORT_MODES = ["all", "valid"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export type ImportMode = (typeof IMPORT_MODES)[number];

/**
 * A CSV import of contacts (app/lib/imports): the file's rows are staged in import_rows at upload,
 * checked under the column mapping, then inserted by the import queue's consumer in chunks.
 * The counts are recomputed from import_rows with every chunk, so they are never off by a retry.
 */
export const imports = sqliteTable(
  "imports",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    fileName: text("file_name").notNull(),
    status: text("status", { enum: IMPORT_STATUSES }).notNull().default("ready"),
    mode: text("mode", { enum: IMPORT_MODES }),
    /** The file's header row and what each of its columns is imported as (app/lib/imports/rows.ts). */
    header: text("header", { mode: "json" }).$type<string[]>().notNull(),
    mapping: text("mapping", { mode: "json" }).$type<string[]>().notNull(),
    totalRows: integer("total_rows").notNull().default(0),
    errorRows: integer("error_rows").notNull().default(0),
    importedRows: integer("imported_rows").notNull().default(0),
    /** Rows whose address another contact took between the preview and the import. */
    skippedRows: integer("skipped_rows").notNull().default(0),
    createdByUserId: text("created_by_user_id").references(() => users.id),
    createdAt: createdAt(),
    startedAt: integer("started_at"),
    finishedAt: integer("finished_at"),
  },
  (t) => [
    index("imports_account_idx").on(t.accountId, t.createdAt),
    check("imports_status_check", inList("status", IMPORT_STATUSES)),
    check("imports_mode_check", sql`mode is null or ${inList("mode", IMPORT_MODES)}`),
  ],
);

export const importRows = sqliteTable(
  "import_rows",
  {
    importId: text("import_id")
      .notNull()
      .references(() => imports.id),
    /** The record's number in the file, the header being 1: what a spreadsheet shows. */
    rowNumber: integer("row_number").notNull(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    /** The record's fields as read from the file. */
    data: text("data", { mode: "json" }).$type<string[]>().notNull(),
    name: text("name"),
    email: text("email"),
    membershipEmail: text("membership_email"),
    jobTitle: text("job_title"),
    companyId: text("company_id"),
    properties: text("properties", { mode: "json" })
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'`),
    /** Why the row cannot be imported (a catalog key), or null. */
    error: text("error"),
    /** Set in the same batch as the row's insert: a retried chunk passes over it. */
    done: integer("done", { mode: "boolean" }).notNull().default(false),
    /** The contact the row became; null for a row not (yet) imported. */
    contactId: text("contact_id"),
  },
  (t) => [
    primaryKey({ columns: [t.importId, t.rowNumber] }),
    index("import_rows_error_idx").on(t.importId, t.error),
  ],
);

// Entity types: the rows as the app reads them, named once here beside their tables.
export type Account = typeof accounts.$inferSelect;
export type User = typeof users.$inferSelect;
export type Domain = typeof domains.$inferSelect;
export type Portal = typeof portals.$inferSelect;
export type Contact = typeof contacts.$inferSelect;
export type Inbox = typeof inboxes.$inferSelect;
export type Agent = typeof agents.$inferSelect;
export type TeamInvite = typeof teamInvites.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
export type Import = typeof imports.$inferSelect;
export type SavedReply = typeof savedReplies.$inferSelect;
