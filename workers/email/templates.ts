// What each email says. Portal emails speak the portal domain's primary language (app/lib/i18n) and
// carry the portal's name and accent colour; dashboard emails are English, like the dashboard.
// Every link is built from a hostname stored in D1.
import { displayName } from "../../app/lib/attachments/names";
import { formatBytes } from "../../app/lib/attachments/sizes";
import { siteUrl } from "../../app/lib/email/links";
import { type Language, textDirection, translator } from "../../app/lib/i18n";
import type { EmailAttachments, EmailContent } from "./render";

/** A portal as its emails need it. */
export type PortalSite = {
  language: Language;
  hostname: string;
  slug: string;
  portalName: string;
  accountName: string;
  accentColor: string;
  logoUrl: string | null;
  localPort: number | null;
};

export type DashboardSite = { host: string; localPort: number | null };

/** A message's file as its email lists it. */
export type AttachedFile = { fileName: string; size: number };

/** The list of a message's files, linking to `url` (the ticket); null when there are none. */
function attachmentList(
  files: readonly AttachedFile[] | undefined,
  language: Language,
  text: { heading: string; note: string },
  url: string,
): EmailAttachments | null {
  if (!files?.length) return null;
  return {
    ...text,
    url,
    files: files.map((file) => ({
      name: displayName(file.fileName),
      size: formatBytes(file.size, language),
    })),
  };
}

function portalContent(
  site: PortalSite,
  parts: Pick<EmailContent, "subject" | "greeting" | "paragraphs" | "quote" | "notes"> & {
    action: { label: string; path: (string | number)[] };
    attachments?: readonly AttachedFile[];
  },
): EmailContent {
  const t = translator(site.language);
  const url = siteUrl(site.hostname, [site.slug, ...parts.action.path], site.localPort);
  return {
    language: site.language,
    dir: textDirection(site.language),
    subject: parts.subject,
    brand: { name: site.portalName, accentColor: site.accentColor, logoUrl: site.logoUrl },
    greeting: parts.greeting,
    paragraphs: parts.paragraphs,
    quote: parts.quote,
    attachments: attachmentList(
      parts.attachments,
      site.language,
      { heading: t("email.attachments"), note: t("email.attachments.note") },
      url,
    ),
    action: { label: parts.action.label, url },
    linkFallback: t("email.linkFallback"),
    notes: parts.notes,
    footer: t("portal.footer", { portal: site.portalName }),
  };
}

export function accessGroupInviteEmail(
  site: PortalSite,
  input: { contactName: string; token: string },
): EmailContent {
  const t = translator(site.language);
  const portal = site.portalName;
  return portalContent(site, {
    subject: t("email.invite.subject", { portal }),
    greeting: t("email.greeting", { name: input.contactName }),
    paragraphs: [t("email.invite.body", { account: site.accountName, portal })],
    quote: null,
    action: { label: t("email.invite.action"), path: ["join", input.token] },
    notes: [t("email.invite.note")],
  });
}

export function registrationEmail(
  site: PortalSite,
  input: { contactName: string; token: string },
): EmailContent {
  const t = translator(site.language);
  const portal = site.portalName;
  return portalContent(site, {
    subject: t("email.registration.subject", { portal }),
    greeting: t("email.greeting", { name: input.contactName }),
    paragraphs: [t("email.registration.body", { portal })],
    quote: null,
    action: { label: t("email.registration.action"), path: ["register", input.token] },
    notes: [t("email.registration.note")],
  });
}

export function passwordResetEmail(
  site: PortalSite,
  input: { contactName: string; token: string },
): EmailContent {
  const t = translator(site.language);
  const portal = site.portalName;
  return portalContent(site, {
    subject: t("email.passwordReset.subject", { portal }),
    greeting: t("email.greeting", { name: input.contactName }),
    paragraphs: [t("email.passwordReset.body", { portal })],
    quote: null,
    action: { label: t("email.passwordReset.action"), path: ["reset-password", input.token] },
    notes: [t("email.passwordReset.note")],
  });
}

export type TicketInput = {
  contactName: string;
  ticketNumber: number;
  ticketSubject: string;
};

export function agentRepliedEmail(
  site: PortalSite,
  input: TicketInput & { agentName: string; reply: string; attachments?: AttachedFile[] },
): EmailContent {
  const t = translator(site.language);
  // The number as written, not locale-grouped: "#1234", never "#1.234".
  const number = String(input.ticketNumber);
  return portalContent(site, {
    subject: t("email.agentReplied.subject", { number, subject: input.ticketSubject }),
    greeting: t("email.greeting", { name: input.contactName }),
    paragraphs: [
      t("email.agentReplied.body", { agent: input.agentName, subject: input.ticketSubject }),
    ],
    quote: input.reply,
    attachments: input.attachments,
    action: { label: t("email.agentReplied.action"), path: ["tickets", input.ticketNumber] },
    notes: [t("email.agentReplied.note")],
  });
}

export function ticketReceivedEmail(site: PortalSite, input: TicketInput): EmailContent {
  const t = translator(site.language);
  const number = String(input.ticketNumber);
  return portalContent(site, {
    subject: t("email.ticketReceived.subject", { number, subject: input.ticketSubject }),
    greeting: t("email.greeting", { name: input.contactName }),
    paragraphs: [
      t("email.ticketReceived.body", { portal: site.portalName, subject: input.ticketSubject }),
    ],
    quote: null,
    action: { label: t("email.ticketReceived.action"), path: ["tickets", input.ticketNumber] },
    notes: [],
  });
}

const PORTICO_BRAND = { name: "Portico", accentColor: "#1d4ed8", logoUrl: null };

function dashboardContent(
  site: DashboardSite,
  parts: Pick<EmailContent, "subject" | "greeting" | "paragraphs" | "notes"> & {
    action: { label: string; path: string[] };
  },
): EmailContent {
  return {
    language: "en",
    dir: "ltr",
    subject: parts.subject,
    brand: PORTICO_BRAND,
    greeting: parts.greeting,
    paragraphs: parts.paragraphs,
    quote: null,
    action: {
      label: parts.action.label,
      url: siteUrl(site.host, parts.action.path, site.localPort),
    },
    linkFallback: "If the button does not work, copy this link into your browser:",
    notes: parts.notes,
    footer: "Portico · customer portals for support teams",
  };
}

export function dashboardInviteEmail(
  site: DashboardSite,
  input: { accountName: string; inviterName: string; token: string },
): EmailContent {
  return dashboardContent(site, {
    subject: `${input.inviterName} invited you to ${input.accountName} on Portico`,
    greeting: "Hello,",
    paragraphs: [
      `${input.inviterName} invited you to join ${input.accountName} on Portico, where your team sets up customer portals and answers support tickets.`,
    ],
    action: { label: "Accept the invitation", path: ["join", input.token] },
    notes: [
      `The link works once and for a limited time; if it has expired, ask ${input.inviterName} for a new one. If you did not expect this invitation, you can ignore this email.`,
    ],
  });
}

export function dashboardPasswordResetEmail(
  site: DashboardSite,
  input: { userName: string; token: string },
): EmailContent {
  return dashboardContent(site, {
    subject: "Reset your Portico password",
    greeting: `Hello ${input.userName},`,
    paragraphs: [
      "Someone asked to reset the password of your Portico account. Choose a new password with the link below.",
    ],
    action: { label: "Choose a new password", path: ["reset-password", input.token] },
    notes: [
      "The link works once and expires in 24 hours. If you did not ask for it, ignore this email; your password stays the same.",
    ],
  });
}

export function dashboardEmailChangeEmail(
  site: DashboardSite,
  input: { userName: string; token: string },
): EmailContent {
  return dashboardContent(site, {
    subject: "Confirm your new Portico email address",
    greeting: `Hello ${input.userName},`,
    paragraphs: [
      "You asked to sign in to Portico with this email address from now on. Confirm it with the link below.",
    ],
    action: { label: "Confirm this email address", path: ["profile", "email", input.token] },
    notes: [
      "The link works once and expires in 24 hours. If you did not ask for this, ignore this email; nothing changes.",
    ],
  });
}

export function dashboardEmailChangeNoticeEmail(
  site: DashboardSite,
  input: { userName: string; newEmail: string },
): EmailContent {
  return dashboardContent(site, {
    subject: "Your Portico email address is about to change",
    greeting: `Hello ${input.userName},`,
    paragraphs: [
      `Someone signed in to your Portico account asked to change its email address to ${input.newEmail}. The change happens once that address confirms it.`,
    ],
    action: { label: "Review your profile", path: ["profile"] },
    notes: [
      "If this was not you, sign in, change your password and sign out everywhere: the confirmation link then stops working.",
    ],
  });
}

export function dashboardEmailVerificationEmail(
  site: DashboardSite,
  input: { userName: string; accountName: string; token: string },
): EmailContent {
  return dashboardContent(site, {
    subject: "Verify your email address for Portico",
    greeting: `Hello ${input.userName},`,
    paragraphs: [
      `Welcome to Portico. You created the account ${input.accountName}; confirm that this email address is yours with the link below.`,
    ],
    action: { label: "Verify my email address", path: ["verify", input.token] },
    notes: [
      "The link works once and expires in 24 hours. If you did not sign up for Portico, ignore this email.",
    ],
  });
}

export function domainMisconfiguredEmail(
  site: DashboardSite,
  input: {
    userName: string;
    accountName: string;
    accountSlug: string;
    domainId: string;
    hostname: string;
    /** What the last check found wrong, as sentences. */
    problems: string[];
    portalNames: string[];
    /** When the portals on the domain stop serving, formatted for the account's time zone. */
    stopsAt: string;
    stopped: boolean;
  },
): EmailContent {
  const portals =
    input.portalNames.length === 0
      ? "Portals on it"
      : `The portals on it (${input.portalNames.join(", ")})`;
  return dashboardContent(site, {
    subject: `Action needed: the DNS records of ${input.hostname} no longer check out`,
    greeting: `Hello ${input.userName},`,
    paragraphs: [
      `The DNS records of ${input.hostname}, a custom domain of ${input.accountName} on Portico, no longer check out. The last check found:`,
      ...(input.problems.length > 0 ? input.problems : ["The records are not right."]),
      input.stopped
        ? `${portals} stopped serving at ${input.stopsAt} and stay offline until the records are fixed.`
        : `${portals} keep serving until ${input.stopsAt}, then stop until the records are fixed.`,
    ],
    action: {
      label: `Review ${input.hostname}`,
      path: ["a", input.accountSlug, "domains", input.domainId],
    },
    notes: [
      "Portico checks the domain again every hour: once the records are right, it is active again and nothing stops. You get this email as an owner or admin of the account.",
    ],
  });
}

/** A ticket as the help-desk emails to agents need it. */
export type AgentTicketInput = {
  agentName: string;
  accountSlug: string;
  ticketNumber: number;
  ticketSubject: string;
  contactName: string;
  portalName: string | null;
  /** The contact's public message, quoted; internal notes never get here (prepare.ts). */
  message: string;
  /** The message's files. */
  attachments?: AttachedFile[];
};

/** The agent's ticket page on the dashboard host, as an email's action. */
function agentTicketEmail(
  site: DashboardSite,
  input: AgentTicketInput,
  parts: { subject: string; paragraph: string; note: string },
): EmailContent {
  const content = dashboardContent(site, {
    subject: parts.subject,
    greeting: `Hello ${input.agentName},`,
    paragraphs: [parts.paragraph],
    action: {
      label: "Open the ticket",
      path: ["a", input.accountSlug, "tickets", String(input.ticketNumber)],
    },
    notes: [parts.note],
  });
  return {
    ...content,
    quote: input.message,
    attachments: attachmentList(
      input.attachments,
      "en",
      { heading: "Attachments:", note: "Open the ticket to download them." },
      content.action.url,
    ),
  };
}

export function newTicketEmail(site: DashboardSite, input: AgentTicketInput): EmailContent {
  const where = input.portalName ? ` in ${input.portalName}` : "";
  return agentTicketEmail(site, input, {
    subject: `New ticket #${input.ticketNumber}: ${input.ticketSubject}`,
    paragraph: `${input.contactName} opened a ticket${where}: “${input.ticketSubject}”.`,
    note: "You get this email because “Email me about new tickets” is on in your Portico profile.",
  });
}

export function customerRepliedEmail(site: DashboardSite, input: AgentTicketInput): EmailContent {
  return agentTicketEmail(site, input, {
    subject: `${input.contactName} replied on #${input.ticketNumber}: ${input.ticketSubject}`,
    paragraph: `${input.contactName} replied on the ticket “${input.ticketSubject}”.`,
    note: "You get this email because “Email me when a customer replies” is on in your Portico profile.",
  });
}
