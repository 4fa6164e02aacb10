// From a queue message to the email to send, read from D1 at send time: the recipient, the portal's
// domain, language and branding, and whether the email may go out at all. Every query is scoped to
// the message's account.
import { and, eq, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { parseToken } from "../../app/lib/auth/tokens";
import { ADMINS } from "../../app/lib/dashboard/roles";
import { isAdvice, storedFindings } from "../../app/lib/domains/check";
import { findingText } from "../../app/lib/domains/display";
import type { EmailMessage, PortalEmailMessage } from "../../app/lib/email/messages";
import { mayDeliver } from "../../app/lib/email/policy";
import { portalSender, type Sender } from "../../app/lib/email/sender";
import { dateTimeFormatter, portalLanguage } from "../../app/lib/i18n";
import type { Database } from "../../db/client";
import {
  accessGroupMembers,
  accounts,
  agents,
  attachments,
  contacts,
  domains,
  memberships,
  portalAccessGroups,
  portalMembers,
  portals,
  teamInvites,
  ticketMessages,
  tickets,
  users,
} from "../../db/schema";
import type { EmailConfig } from "./config";
import { type RenderedEmail, renderEmail } from "./render";
import {
  type AttachedFile,
  accessGroupInviteEmail,
  agentRepliedEmail,
  customerRepliedEmail,
  type DashboardSite,
  dashboardEmailChangeEmail,
  dashboardEmailChangeNoticeEmail,
  dashboardEmailVerificationEmail,
  dashboardInviteEmail,
  dashboardPasswordResetEmail,
  domainMisconfiguredEmail,
  newTicketEmail,
  type PortalSite,
  passwordResetEmail,
  registrationEmail,
  ticketReceivedEmail,
} from "./templates";

export type OutgoingEmail = RenderedEmail & Sender & { to: string };

export type Prepared =
  | { outcome: "send"; email: OutgoingEmail }
  /** Not to be sent, by a rule (e.g. an access-group email on a system domain). */
  | { outcome: "skip"; reason: string; recipient: string | null }
  /** Cannot be sent, whatever retries do (e.g. the contact no longer exists). */
  | { outcome: "fail"; reason: string; recipient: string | null };

const skip = (reason: string, recipient: string | null = null): Prepared => ({
  outcome: "skip",
  reason,
  recipient,
});
const fail = (reason: string, recipient: string | null = null): Prepared => ({
  outcome: "fail",
  reason,
  recipient,
});

export async function prepareEmail(
  db: Database,
  message: EmailMessage,
  config: EmailConfig,
  now: number,
): Promise<Prepared> {
  switch (message.kind) {
    case "access_group_invite":
    case "registration":
    case "password_reset":
    case "agent_replied":
    case "ticket_received":
      return preparePortalEmail(db, message, config, now);
    case "dashboard_invite":
    case "dashboard_password_reset":
    case "dashboard_email_verification":
    case "dashboard_email_change":
    case "dashboard_email_change_notice":
      return prepareDashboardEmail(db, message, config, now);
    case "domain_misconfigured":
      return prepareDomainMisconfigured(db, message, config, now);
    case "new_ticket":
    case "customer_replied":
      return prepareAgentTicketEmail(db, message, config, now);
  }
}

async function preparePortalEmail(
  db: Database,
  message: PortalEmailMessage,
  config: EmailConfig,
  now: number,
): Promise<Prepared> {
  const [row] = await db
    .select({
      portalName: portals.name,
      slug: portals.slug,
      accentColor: portals.accentColor,
      logoUrl: portals.logoUrl,
      accountName: accounts.name,
      senderName: accounts.senderName,
      supportReplyTo: accounts.supportReplyTo,
      hostname: domains.hostname,
      domainKind: domains.kind,
      domainStatus: domains.status,
      domainStatusChangedAt: domains.statusChangedAt,
      primaryLanguage: domains.primaryLanguage,
      accessMode: portals.accessMode,
    })
    .from(portals)
    .innerJoin(accounts, eq(accounts.id, portals.accountId))
    .innerJoin(
      domains,
      and(eq(domains.id, portals.domainId), eq(domains.accountId, portals.accountId)),
    )
    .where(and(eq(portals.id, message.portalId), eq(portals.accountId, message.accountId)));
  if (!row) return fail("portal not found");

  const site: PortalSite = {
    language: portalLanguage(row.primaryLanguage),
    hostname: row.hostname,
    slug: row.slug,
    portalName: row.portalName,
    accountName: row.accountName,
    accentColor: row.accentColor,
    logoUrl: row.logoUrl,
    localPort: config.localPort,
  };
  const sender = portalSender(config.sender, row);
  const domain = {
    kind: row.domainKind,
    status: row.domainStatus,
    statusChangedAt: row.domainStatusChangedAt,
  };
  const delivery = mayDeliver(
    message.kind,
    { accessMode: row.accessMode, domain },
    now,
    config.misconfiguredGraceMs,
  );
  const send = (to: string, content: Parameters<typeof renderEmail>[0]): Prepared => ({
    outcome: "send",
    email: { ...sender, to, ...renderEmail(content) },
  });

  if (message.kind === "agent_replied" || message.kind === "ticket_received") {
    const [ticket] = await db
      .select({
        number: tickets.number,
        subject: tickets.subject,
        contactName: contacts.name,
        recipient: contacts.signInEmail,
        notifyOnAgentReply: contacts.notifyOnAgentReply,
      })
      .from(tickets)
      .innerJoin(
        contacts,
        and(eq(contacts.id, tickets.requesterContactId), eq(contacts.accountId, tickets.accountId)),
      )
      .where(and(eq(tickets.id, message.ticketId), eq(tickets.accountId, message.accountId)));
    if (!ticket) return fail("ticket not found");
    const recipient = ticket.recipient;
    if (!recipient) return fail("the requester has no email address");
    if (!delivery.send) return skip(delivery.reason, recipient);
    const input = {
      contactName: ticket.contactName,
      ticketNumber: ticket.number,
      ticketSubject: ticket.subject,
    };
    if (message.kind === "ticket_received")
      return send(recipient, ticketReceivedEmail(site, input));

    const [reply] = await db
      .select({
        body: ticketMessages.body,
        visibility: ticketMessages.visibility,
        agentName: agents.displayName,
      })
      .from(ticketMessages)
      .leftJoin(
        agents,
        and(
          eq(agents.accountId, ticketMessages.accountId),
          eq(agents.userId, ticketMessages.authorUserId),
        ),
      )
      .where(
        and(
          eq(ticketMessages.id, message.messageId),
          eq(ticketMessages.ticketId, message.ticketId),
          eq(ticketMessages.accountId, message.accountId),
        ),
      );
    if (!reply) return fail("ticket message not found", recipient);
    // Internal notes never leave the dashboard, whatever the producer asked for.
    if (reply.visibility !== "public") return skip("skipped: internal note", recipient);
    if (!reply.agentName) return skip("skipped: not a reply by an agent", recipient);
    if (!ticket.notifyOnAgentReply) return skip("skipped: reply emails turned off", recipient);
    return send(
      recipient,
      agentRepliedEmail(site, {
        ...input,
        agentName: firstName(reply.agentName),
        reply: reply.body,
        attachments: await messageAttachments(db, message),
      }),
    );
  }

  const [contact] = await db
    .select({ name: contacts.name, recipient: contacts.signInEmail })
    .from(contacts)
    .where(and(eq(contacts.id, message.contactId), eq(contacts.accountId, message.accountId)));
  if (!contact) return fail("contact not found");
  const recipient = contact.recipient;
  if (!recipient) return fail("the contact has no email address");
  if (!delivery.send) return skip(delivery.reason, recipient);
  const input = { contactName: contact.name, token: message.token };

  switch (message.kind) {
    case "registration":
      return send(recipient, registrationEmail(site, input));
    case "password_reset":
      return send(recipient, passwordResetEmail(site, input));
    case "access_group_invite": {
      const standing = await inviteStanding(db, message);
      if (!standing.inAccessGroup) {
        return skip("skipped: not in an access group of the portal", recipient);
      }
      if (standing.revoked) return skip("skipped: access revoked", recipient);
      if (standing.accepted) return skip("skipped: invite already accepted", recipient);
      return send(recipient, accessGroupInviteEmail(site, input));
    }
  }
}

/** Invites go to members of the portal's access groups who have not accepted yet. */
async function inviteStanding(
  db: Database,
  message: Extract<EmailMessage, { kind: "access_group_invite" }>,
): Promise<{ inAccessGroup: boolean; accepted: boolean; revoked: boolean }> {
  const { accountId, portalId, contactId } = message;
  const [groups, members] = await db.batch([
    db
      .select({ accessGroupId: portalAccessGroups.accessGroupId })
      .from(portalAccessGroups)
      .innerJoin(
        accessGroupMembers,
        and(
          eq(accessGroupMembers.accessGroupId, portalAccessGroups.accessGroupId),
          eq(accessGroupMembers.accountId, portalAccessGroups.accountId),
        ),
      )
      .where(
        and(
          eq(portalAccessGroups.accountId, accountId),
          eq(portalAccessGroups.portalId, portalId),
          eq(accessGroupMembers.contactId, contactId),
        ),
      )
      .limit(1),
    db
      .select({ inviteStatus: portalMembers.inviteStatus, revokedAt: portalMembers.revokedAt })
      .from(portalMembers)
      .where(
        and(
          eq(portalMembers.accountId, accountId),
          eq(portalMembers.portalId, portalId),
          eq(portalMembers.contactId, contactId),
        ),
      ),
  ]);
  return {
    inAccessGroup: groups.length > 0,
    accepted: members.some((member) => member.inviteStatus === "accepted"),
    revoked: members.some((member) => member.revokedAt !== null),
  };
}

async function prepareDashboardEmail(
  db: Database,
  message: Extract<
    EmailMessage,
    {
      kind:
        | "dashboard_invite"
        | "dashboard_password_reset"
        | "dashboard_email_verification"
        | "dashboard_email_change"
        | "dashboard_email_change_notice";
    }
  >,
  config: EmailConfig,
  now: number,
): Promise<Prepared> {
  const site: DashboardSite = { host: config.dashboardHost, localPort: config.localPort };
  // Portico's own emails come from the platform's sender, not from a tenant's.
  const send = (to: string, content: Parameters<typeof renderEmail>[0]): Prepared => ({
    outcome: "send",
    email: { from: config.from, replyTo: null, to, ...renderEmail(content) },
  });

  if (message.kind === "dashboard_invite") return prepareTeamInvite(db, message, site, send, now);
  const [user] = await db
    .select({
      email: users.email,
      name: users.name,
      emailVerifiedAt: users.emailVerifiedAt,
      accountName: accounts.name,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(
      and(eq(memberships.accountId, message.accountId), eq(memberships.userId, message.userId)),
    );
  if (!user) return fail("user not found");
  if (message.kind === "dashboard_email_verification") {
    if (user.emailVerifiedAt !== null) return skip("skipped: already verified", user.email);
    return send(
      user.email,
      dashboardEmailVerificationEmail(site, {
        userName: firstName(user.name),
        accountName: user.accountName,
        token: message.token,
      }),
    );
  }
  // Both go to the address the message names: the new one to confirm, the old one for the notice.
  if (message.kind === "dashboard_email_change") {
    return send(
      message.email,
      dashboardEmailChangeEmail(site, { userName: firstName(user.name), token: message.token }),
    );
  }
  if (message.kind === "dashboard_email_change_notice") {
    return send(
      message.email,
      dashboardEmailChangeNoticeEmail(site, {
        userName: firstName(user.name),
        newEmail: message.newEmail,
      }),
    );
  }
  return send(
    user.email,
    dashboardPasswordResetEmail(site, { userName: firstName(user.name), token: message.token }),
  );
}

async function prepareTeamInvite(
  db: Database,
  message: Extract<EmailMessage, { kind: "dashboard_invite" }>,
  site: DashboardSite,
  send: (to: string, content: Parameters<typeof renderEmail>[0]) => Prepared,
  now: number,
): Promise<Prepared> {
  // The link's id is the invitation's: the email goes out only while that invitation is open, to
  // the address it was made for. A resent invitation has a new id, so an older email is skipped.
  const inviteId = parseToken(message.token)?.id;
  const [invite] = inviteId
    ? await db
        .select({
          email: teamInvites.email,
          acceptedAt: teamInvites.acceptedAt,
          revokedAt: teamInvites.revokedAt,
          expiresAt: teamInvites.expiresAt,
          accountName: accounts.name,
          inviterName: users.name,
        })
        .from(teamInvites)
        .innerJoin(accounts, eq(accounts.id, teamInvites.accountId))
        .leftJoin(users, eq(users.id, teamInvites.invitedByUserId))
        .where(and(eq(teamInvites.id, inviteId), eq(teamInvites.accountId, message.accountId)))
    : [];
  if (!invite) return skip("skipped: invitation replaced by a newer link or gone", message.email);
  if (invite.acceptedAt !== null) return skip("skipped: invitation already accepted", invite.email);
  if (invite.revokedAt !== null) return skip("skipped: invitation revoked", invite.email);
  if (invite.expiresAt <= now) return skip("skipped: invitation expired", invite.email);
  return send(
    invite.email,
    dashboardInviteEmail(site, {
      accountName: invite.accountName,
      inviterName: invite.inviterName ?? invite.accountName,
      token: message.token,
    }),
  );
}

/**
 * To an owner or admin of the account, about one of its custom domains, as D1 has them now: a
 * teammate who is no longer an admin, or a domain fixed (or removed) since, gets nothing.
 */
async function prepareDomainMisconfigured(
  db: Database,
  message: Extract<EmailMessage, { kind: "domain_misconfigured" }>,
  config: EmailConfig,
  now: number,
): Promise<Prepared> {
  const [user] = await db
    .select({
      email: users.email,
      name: users.name,
      role: memberships.role,
      accountName: accounts.name,
      accountSlug: accounts.slug,
      timeZone: accounts.timeZone,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(
      and(eq(memberships.accountId, message.accountId), eq(memberships.userId, message.userId)),
    );
  if (!user) return fail("user not found");
  if (!(ADMINS as readonly string[]).includes(user.role)) {
    return skip("skipped: no longer an admin", user.email);
  }
  const [domain] = await db
    .select()
    .from(domains)
    .where(and(eq(domains.id, message.domainId), eq(domains.accountId, message.accountId)));
  if (!domain) return fail("domain not found", user.email);
  if (domain.status !== "misconfigured") {
    return skip(`skipped: domain ${domain.status} now`, user.email);
  }
  const onDomain = await db
    .select({ name: portals.name })
    .from(portals)
    .where(and(eq(portals.accountId, message.accountId), eq(portals.domainId, domain.id)))
    .orderBy(portals.name);
  const stopsAt = domain.statusChangedAt + config.misconfiguredGraceMs;
  const dates = dateTimeFormatter("en", user.timeZone);
  const content = domainMisconfiguredEmail(
    { host: config.dashboardHost, localPort: config.localPort },
    {
      userName: firstName(user.name),
      accountName: user.accountName,
      accountSlug: user.accountSlug,
      domainId: domain.id,
      hostname: domain.hostname,
      problems: storedFindings(domain.lastCheckError)
        .filter((finding) => !isAdvice(finding))
        .map(findingText),
      portalNames: onDomain.map((portal) => portal.name),
      stopsAt: `${dates.dateTime(stopsAt)} (${user.timeZone})`,
      stopped: stopsAt <= now,
    },
  );
  return {
    outcome: "send",
    email: { from: config.from, replyTo: null, to: user.email, ...renderEmail(content) },
  };
}

/**
 * The files of the message an email quotes, in upload order: attached ones only (a pending upload
 * is not part of any message yet). Only names and sizes: the email links to the ticket.
 */
function messageAttachments(
  db: Database,
  message: { accountId: string; ticketId: string; messageId: string },
): Promise<AttachedFile[]> {
  return db
    .select({ fileName: attachments.fileName, size: attachments.size })
    .from(attachments)
    .where(
      and(
        eq(attachments.accountId, message.accountId),
        eq(attachments.ticketId, message.ticketId),
        eq(attachments.messageId, message.messageId),
        eq(attachments.status, "attached"),
      ),
    )
    .orderBy(attachments.createdAt, attachments.id);
}

function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] || name;
}

/**
 * "New ticket" and "customer replied" to one agent. Whoever the app chose, the email goes out only
 * to an agent who is still on the team with that preference on, and only quotes a contact's
 * public message: an internal note or an agent's reply is never sent by these kinds.
 */
async function prepareAgentTicketEmail(
  db: Database,
  message: Extract<EmailMessage, { kind: "new_ticket" | "customer_replied" }>,
  config: EmailConfig,
  now: number,
): Promise<Prepared> {
  const author = alias(contacts, "author");
  const [row] = await db
    .select({
      number: tickets.number,
      subject: tickets.subject,
      accountSlug: accounts.slug,
      body: ticketMessages.body,
      visibility: ticketMessages.visibility,
      authorName: author.name,
      portalName: portals.name,
      accessMode: portals.accessMode,
      domainKind: domains.kind,
      domainStatus: domains.status,
      domainStatusChangedAt: domains.statusChangedAt,
    })
    .from(tickets)
    .innerJoin(accounts, eq(accounts.id, tickets.accountId))
    .innerJoin(
      ticketMessages,
      and(
        eq(ticketMessages.id, message.messageId),
        eq(ticketMessages.ticketId, tickets.id),
        eq(ticketMessages.accountId, tickets.accountId),
      ),
    )
    .leftJoin(
      author,
      and(eq(author.id, ticketMessages.authorContactId), eq(author.accountId, tickets.accountId)),
    )
    .leftJoin(
      portals,
      and(eq(portals.id, tickets.portalId), eq(portals.accountId, tickets.accountId)),
    )
    .leftJoin(
      domains,
      and(eq(domains.id, portals.domainId), eq(domains.accountId, tickets.accountId)),
    )
    .where(and(eq(tickets.id, message.ticketId), eq(tickets.accountId, message.accountId)));
  if (!row) return fail("ticket or message not found");

  const [agent] = await db
    .select({
      email: users.email,
      displayName: agents.displayName,
      notifyNewTicket: agents.notifyNewTicket,
      notifyCustomerReplied: agents.notifyCustomerReplied,
    })
    .from(agents)
    .innerJoin(
      memberships,
      and(eq(memberships.accountId, agents.accountId), eq(memberships.userId, agents.userId)),
    )
    .innerJoin(users, eq(users.id, agents.userId))
    .where(
      and(
        eq(agents.accountId, message.accountId),
        eq(agents.userId, message.userId),
        isNull(agents.leftAt),
      ),
    );
  if (!agent) return skip("skipped: not an agent of the account");
  const recipient = agent.email;
  if (row.visibility !== "public") return skip("skipped: internal note", recipient);
  if (row.authorName === null) return skip("skipped: not a message by a contact", recipient);
  const wanted =
    message.kind === "new_ticket" ? agent.notifyNewTicket : agent.notifyCustomerReplied;
  if (!wanted) return skip(`skipped: ${message.kind} emails turned off`, recipient);

  const portal =
    row.accessMode && row.domainKind && row.domainStatus && row.domainStatusChangedAt !== null
      ? {
          accessMode: row.accessMode,
          domain: {
            kind: row.domainKind,
            status: row.domainStatus,
            statusChangedAt: row.domainStatusChangedAt,
          },
        }
      : null;
  const delivery = mayDeliver(message.kind, portal, now, config.misconfiguredGraceMs);
  if (!delivery.send) return skip(delivery.reason, recipient);

  const site: DashboardSite = { host: config.dashboardHost, localPort: config.localPort };
  const input = {
    agentName: firstName(agent.displayName),
    accountSlug: row.accountSlug,
    ticketNumber: row.number,
    ticketSubject: row.subject,
    contactName: row.authorName,
    portalName: row.portalName,
    message: row.body,
    attachments: await messageAttachments(db, message),
  };
  const content =
    message.kind === "new_ticket" ? newTicketEmail(site, input) : customerRepliedEmail(site, input);
  return {
    outcome: "send",
    email: { from: config.from, replyTo: null, to: recipient, ...renderEmail(content) },
  };
}
