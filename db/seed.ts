// The demo data: the product's showcase, and what every demo and test may rely on. Tests never
// change it; a test that writes makes its own account (test/factories.ts).
//
// The seed is an entry point like a worker: it uses app/lib to canonicalise hostnames and to fill
// portal defaults. Passwords arrive hashed, so the caller decides where scrypt runs.
import { sql } from "drizzle-orm";
import { defaultConsentSettings, defaultDisplaySettings } from "../app/lib/portals/defaults";
import { canonicalHost } from "../app/lib/tenancy/host";
import { chunkedInsert, runBatch } from "./batch";
import type { Database } from "./client";
import * as s from "./schema";

export const DEMO_PASSWORD = "portico-demo-1";

/** Each seeded internal note carries one of these, so tests can prove none reaches a customer. */
export const DEMO_INTERNAL_NOTE_MARKERS = [
  "INTERNAL-7Q2K-acme-vpn",
  "INTERNAL-9X4M-acme-invoice",
  "INTERNAL-3B8T-acme-export",
  "INTERNAL-5N1R-acme-onboarding",
  "INTERNAL-8H6W-globex-lieferung",
] as const;

export type SeedOptions = {
  /** The first configured system domain, e.g. `portico-sites.localhost`. */
  systemDomain: string;
  /** The hash of DEMO_PASSWORD (app/lib/auth/password.ts). */
  passwordHash: string;
  now?: number;
};

function host(value: string): string {
  const canonical = canonicalHost(value);
  if (!canonical) throw new Error(`seed: invalid hostname ${value}`);
  return canonical;
}

/** Inserts the demo data into an empty database. Returns false (and writes nothing) otherwise. */
export async function seedDemoData(db: Database, options: SeedOptions): Promise<boolean> {
  const existing = await db.select({ count: sql<number>`count(*)` }).from(s.accounts);
  if ((existing[0]?.count ?? 0) > 0) return false;

  const now = options.now ?? Date.now();
  const minutes = (n: number) => now - n * 60_000;
  const hours = (n: number) => minutes(n * 60);
  const days = (n: number) => hours(n * 24);
  const hash = options.passwordHash;
  const display = defaultDisplaySettings();

  const acme = "acc_acme";
  const globex = "acc_globex";

  const statements = [
    ...chunkedInsert(db, s.accounts, [
      {
        id: acme,
        name: "Acme",
        slug: "acme",
        timeZone: "Europe/Amsterdam",
        // Emails read "Acme Support via Portico"; replies go to Acme's support desk.
        senderName: "Acme Support",
        supportReplyTo: "support@acme.example",
        createdAt: days(90),
      },
      {
        id: globex,
        name: "Globex",
        slug: "globex",
        timeZone: "Europe/Berlin",
        senderName: "Globex Kundenservice",
        supportReplyTo: "hilfe@globex.example",
        createdAt: days(60),
      },
    ]),
    ...chunkedInsert(db, s.users, [
      {
        id: "usr_acme_owner",
        email: "owner@acme.example",
        name: "Olivia Owner",
        passwordHash: hash,
      },
      { id: "usr_acme_agent", email: "agent@acme.example", name: "Alex Agent", passwordHash: hash },
      {
        id: "usr_globex_owner",
        email: "owner@globex.example",
        name: "Greta Owner",
        passwordHash: hash,
      },
    ]),
    ...chunkedInsert(db, s.memberships, [
      { accountId: acme, userId: "usr_acme_owner", role: "owner" },
      { accountId: acme, userId: "usr_acme_agent", role: "agent" },
      { accountId: globex, userId: "usr_globex_owner", role: "owner" },
    ]),
    ...chunkedInsert(db, s.agents, [
      { accountId: acme, userId: "usr_acme_owner", displayName: "Olivia Owner" },
      { accountId: acme, userId: "usr_acme_agent", displayName: "Alex Agent" },
      { accountId: globex, userId: "usr_globex_owner", displayName: "Greta Owner" },
    ]),
    ...chunkedInsert(db, s.domains, [
      {
        id: "dom_acme_system",
        accountId: acme,
        hostname: host(`acme.${options.systemDomain}`),
        kind: "system",
        status: "active",
        primaryLanguage: "en",
        verificationToken: "system",
        statusChangedAt: days(90),
      },
      {
        id: "dom_acme_help",
        accountId: acme,
        hostname: host("help.acme.localhost"),
        kind: "custom",
        status: "active",
        primaryLanguage: "nl",
        verificationToken: "portico-verify-acme-help-4b1d9e",
        statusChangedAt: days(80),
        lastCheckedAt: hours(3),
      },
      {
        id: "dom_globex_system",
        accountId: globex,
        hostname: host(`globex.${options.systemDomain}`),
        kind: "system",
        status: "active",
        primaryLanguage: "de",
        verificationToken: "system",
        statusChangedAt: days(60),
      },
    ]),
    ...chunkedInsert(db, s.inboxes, [
      { id: "inb_acme_support", accountId: acme, name: "Support" },
      { id: "inb_acme_billing", accountId: acme, name: "Billing" },
      { id: "inb_globex_support", accountId: globex, name: "Support" },
    ]),
    ...chunkedInsert(db, s.savedReplies, [
      {
        id: "srp_acme_thanks",
        accountId: acme,
        title: "Thanks for waiting",
        body: "Hi {{contact.first_name}},\n\nThank you for your patience with ticket #{{ticket.number}}. We are on it.\n\n{{agent.first_name}}",
        createdBy: "usr_acme_agent",
        createdAt: days(30),
        updatedAt: days(30),
      },
      {
        id: "srp_acme_restart",
        accountId: acme,
        title: "Restart the VPN client",
        body: "Hi {{contact.first_name}}, please quit the VPN client, start it again and tell us whether the connection holds.",
        createdBy: "usr_acme_owner",
        createdAt: days(20),
        updatedAt: days(20),
      },
    ]),
    ...chunkedInsert(db, s.portals, [
      {
        id: "prt_acme_support",
        accountId: acme,
        domainId: "dom_acme_system",
        slug: "support",
        name: "Acme Support",
        defaultInboxId: "inb_acme_support",
        ticketPermission: "own",
        accessMode: "anyone_with_ticket",
        displaySettings: display,
        consentSettings: defaultConsentSettings(),
        supportForm: [
          {
            key: "category",
            type: "category",
            label: "Topic",
            required: false,
            options: ["Technical question", "Billing", "Feature request"],
          },
          { key: "priority", type: "priority", label: "How urgent is it?", required: false },
        ],
        accentColor: "#b91c1c",
        knowledgeBaseUrl: "https://acme.example/help",
        updatedAt: days(90),
      },
      {
        id: "prt_acme_portal",
        accountId: acme,
        domainId: "dom_acme_help",
        slug: "portal",
        name: "Acme Klantenportaal",
        defaultInboxId: "inb_acme_support",
        ticketPermission: "company",
        accessMode: "access_groups",
        displaySettings: {
          ...display,
          stageLabels: {
            new: "Ontvangen",
            waiting_on_us: "In behandeling",
            waiting_on_contact: "Wacht op uw reactie",
            closed: "Afgerond",
          },
        },
        consentSettings: {
          enabled: true,
          text: "Ik ga akkoord met de verwerking van mijn gegevens voor het afhandelen van mijn tickets.",
          version: 1,
          requireCheckbox: true,
        },
        supportForm: [
          {
            key: "category",
            type: "category",
            label: "Onderwerp",
            required: true,
            options: ["Netwerk", "Facturatie", "Hardware", "Overig"],
          },
          { key: "priority", type: "priority", label: "Prioriteit", required: false },
          { key: "order", type: "text", label: "Ordernummer", required: false },
        ],
        accentColor: "#047857",
        knowledgeBaseUrl: "https://help.acme.localhost/kennisbank",
        updatedAt: days(80),
      },
      {
        id: "prt_globex_hilfe",
        accountId: globex,
        domainId: "dom_globex_system",
        slug: "hilfe",
        name: "Globex Hilfe",
        defaultInboxId: "inb_globex_support",
        ticketPermission: "own",
        accessMode: "anyone_with_ticket",
        displaySettings: display,
        consentSettings: defaultConsentSettings(),
        accentColor: "#6d28d9",
        updatedAt: days(60),
      },
    ]),
    ...chunkedInsert(db, s.companies, [
      { id: "cmp_klant", accountId: acme, name: "Klant BV", webDomain: "klant.example" },
      { id: "cmp_kunde", accountId: globex, name: "Kunde GmbH", webDomain: "kunde.example" },
    ]),
    ...chunkedInsert(db, s.contacts, [
      {
        id: "ctc_jan",
        accountId: acme,
        email: "jan@klant.example",
        membershipEmail: "jan.portal@klant.example",
        name: "Jan de Vries",
        jobTitle: "IT-manager",
        primaryCompanyId: "cmp_klant",
        properties: { portal_manager: "true" },
        passwordHash: hash,
      },
      {
        id: "ctc_eva",
        accountId: acme,
        email: "eva@klant.example",
        name: "Eva Jansen",
        jobTitle: "Office manager",
        primaryCompanyId: "cmp_klant",
        passwordHash: hash,
      },
      {
        id: "ctc_piet",
        accountId: acme,
        email: "piet@klant.example",
        name: "Piet Bakker",
        primaryCompanyId: "cmp_klant",
      },
      {
        id: "ctc_lena",
        accountId: acme,
        email: "lena@klant.example",
        name: "Lena Visser",
        primaryCompanyId: "cmp_klant",
      },
      {
        id: "ctc_sam",
        accountId: acme,
        email: "sam@solo.example",
        name: "Sam Solo",
        passwordHash: hash,
      },
      {
        id: "ctc_max",
        accountId: globex,
        email: "max@kunde.example",
        name: "Max Mustermann",
        primaryCompanyId: "cmp_kunde",
        passwordHash: hash,
      },
    ]),
    ...chunkedInsert(db, s.contactCompanies, [
      { accountId: acme, contactId: "ctc_jan", companyId: "cmp_klant" },
      { accountId: acme, contactId: "ctc_eva", companyId: "cmp_klant" },
      { accountId: acme, contactId: "ctc_piet", companyId: "cmp_klant" },
      { accountId: acme, contactId: "ctc_lena", companyId: "cmp_klant" },
      { accountId: globex, contactId: "ctc_max", companyId: "cmp_kunde" },
    ]),
    ...chunkedInsert(db, s.accessGroups, [
      { id: "grp_key_accounts", accountId: acme, name: "Key accounts" },
    ]),
    ...chunkedInsert(db, s.accessGroupMembers, [
      { accountId: acme, accessGroupId: "grp_key_accounts", contactId: "ctc_jan" },
      { accountId: acme, accessGroupId: "grp_key_accounts", contactId: "ctc_eva" },
      { accountId: acme, accessGroupId: "grp_key_accounts", contactId: "ctc_piet" },
    ]),
    ...chunkedInsert(db, s.portalAccessGroups, [
      { accountId: acme, portalId: "prt_acme_portal", accessGroupId: "grp_key_accounts" },
    ]),
    ...chunkedInsert(db, s.portalMembers, [
      {
        id: "pmb_jan_portal",
        accountId: acme,
        portalId: "prt_acme_portal",
        contactId: "ctc_jan",
        inviteStatus: "accepted",
        invitedAt: days(30),
        acceptedAt: days(29),
        lastSignInAt: days(2),
        consentVersion: 1,
        consentedAt: days(29),
      },
      {
        id: "pmb_eva_portal",
        accountId: acme,
        portalId: "prt_acme_portal",
        contactId: "ctc_eva",
        inviteStatus: "accepted",
        invitedAt: days(30),
        acceptedAt: days(27),
        lastSignInAt: days(5),
        consentVersion: 1,
        consentedAt: days(27),
      },
      {
        id: "pmb_piet_portal",
        accountId: acme,
        portalId: "prt_acme_portal",
        contactId: "ctc_piet",
        inviteStatus: "pending",
        invitedAt: days(30),
      },
      {
        id: "pmb_sam_support",
        accountId: acme,
        portalId: "prt_acme_support",
        contactId: "ctc_sam",
        inviteStatus: "accepted",
        acceptedAt: days(20),
        lastSignInAt: days(1),
      },
      {
        id: "pmb_max_hilfe",
        accountId: globex,
        portalId: "prt_globex_hilfe",
        contactId: "ctc_max",
        inviteStatus: "accepted",
        acceptedAt: days(15),
        lastSignInAt: days(3),
      },
    ]),
    ...chunkedInsert(db, s.tickets, [
      {
        id: "tkt_acme_1",
        accountId: acme,
        number: 1,
        subject: "VPN-verbinding valt elk uur weg",
        status: "waiting_on_us",
        priority: "high",
        category: "Netwerk",
        requesterContactId: "ctc_jan",
        companyId: "cmp_klant",
        inboxId: "inb_acme_support",
        assigneeUserId: "usr_acme_agent",
        portalId: "prt_acme_portal",
        source: "portal",
        createdAt: days(6),
        lastActivityAt: hours(5),
      },
      {
        id: "tkt_acme_2",
        accountId: acme,
        number: 2,
        subject: "Nieuwe printer installeren",
        status: "closed",
        priority: "low",
        requesterContactId: "ctc_jan",
        companyId: "cmp_klant",
        inboxId: "inb_acme_support",
        assigneeUserId: "usr_acme_agent",
        portalId: "prt_acme_portal",
        source: "portal",
        createdAt: days(20),
        lastActivityAt: days(18),
        closedAt: days(18),
      },
      {
        id: "tkt_acme_3",
        accountId: acme,
        number: 3,
        subject: "Factuuradres wijzigen",
        status: "waiting_on_contact",
        priority: "medium",
        category: "Facturatie",
        requesterContactId: "ctc_eva",
        companyId: "cmp_klant",
        inboxId: "inb_acme_billing",
        portalId: "prt_acme_portal",
        source: "email",
        createdAt: days(3),
        lastActivityAt: hours(20),
      },
      {
        id: "tkt_acme_4",
        accountId: acme,
        number: 4,
        subject: "CSV export is missing the date column",
        status: "new",
        priority: "medium",
        requesterContactId: "ctc_sam",
        inboxId: "inb_acme_support",
        portalId: "prt_acme_support",
        source: "portal",
        createdAt: hours(30),
        lastActivityAt: hours(30),
      },
      {
        id: "tkt_acme_5",
        accountId: acme,
        number: 5,
        subject: "Accounts voor nieuwe collega's",
        status: "new",
        requesterContactId: "ctc_lena",
        companyId: "cmp_klant",
        inboxId: "inb_acme_support",
        source: "email",
        createdAt: hours(8),
        lastActivityAt: hours(8),
      },
      {
        id: "tkt_globex_1",
        accountId: globex,
        number: 1,
        subject: "Lieferung nicht angekommen",
        status: "waiting_on_us",
        priority: "high",
        requesterContactId: "ctc_max",
        companyId: "cmp_kunde",
        inboxId: "inb_globex_support",
        portalId: "prt_globex_hilfe",
        source: "portal",
        createdAt: days(2),
        lastActivityAt: hours(12),
      },
      {
        id: "tkt_globex_2",
        accountId: globex,
        number: 2,
        subject: "Rechnung als PDF",
        status: "closed",
        requesterContactId: "ctc_max",
        companyId: "cmp_kunde",
        inboxId: "inb_globex_support",
        portalId: "prt_globex_hilfe",
        source: "portal",
        createdAt: days(12),
        lastActivityAt: days(10),
        closedAt: days(10),
      },
    ]),
    ...chunkedInsert(db, s.ticketMessages, [
      message(
        "msg_a1_1",
        acme,
        "tkt_acme_1",
        { contact: "ctc_jan" },
        days(6),
        "Sinds de update van maandag valt onze VPN-verbinding ongeveer elk uur weg. Kunnen jullie meekijken?",
      ),
      message(
        "msg_a1_2",
        acme,
        "tkt_acme_1",
        { user: "usr_acme_agent" },
        days(5),
        "Dank voor je melding, Jan. Kun je ons de versie van de VPN-client sturen?",
      ),
      note(
        "msg_a1_3",
        acme,
        "tkt_acme_1",
        "usr_acme_agent",
        days(5),
        `${DEMO_INTERNAL_NOTE_MARKERS[0]}: bekend probleem met firmware 4.2, escaleren naar netwerkteam.`,
      ),
      message(
        "msg_a1_4",
        acme,
        "tkt_acme_1",
        { contact: "ctc_jan" },
        hours(5),
        "Versie 4.2.1. Het gebeurt ook bij collega's op kantoor.",
      ),
      message(
        "msg_a2_1",
        acme,
        "tkt_acme_2",
        { contact: "ctc_jan" },
        days(20),
        "Willen jullie de nieuwe printer op de tweede verdieping installeren?",
      ),
      message(
        "msg_a2_2",
        acme,
        "tkt_acme_2",
        { user: "usr_acme_agent" },
        days(18),
        "De printer is geïnstalleerd en staat in ieders printerlijst.",
      ),
      message(
        "msg_a3_1",
        acme,
        "tkt_acme_3",
        { contact: "ctc_eva" },
        days(3),
        "Ons factuuradres is gewijzigd naar Stationsstraat 12, Utrecht.",
      ),
      note(
        "msg_a3_2",
        acme,
        "tkt_acme_3",
        "usr_acme_owner",
        days(2),
        `${DEMO_INTERNAL_NOTE_MARKERS[1]}: KvK-uittreksel opvragen voor we het adres wijzigen.`,
      ),
      message(
        "msg_a3_3",
        acme,
        "tkt_acme_3",
        { user: "usr_acme_owner" },
        hours(20),
        "Kunt u ons een recent KvK-uittreksel sturen? Dan passen we het adres aan.",
      ),
      message(
        "msg_a4_1",
        acme,
        "tkt_acme_4",
        { contact: "ctc_sam" },
        hours(30),
        "When I export my tickets to CSV, the date column is missing.",
      ),
      note(
        "msg_a4_2",
        acme,
        "tkt_acme_4",
        "usr_acme_agent",
        hours(29),
        `${DEMO_INTERNAL_NOTE_MARKERS[2]}: reproduced on the staging export, ask engineering.`,
      ),
      message(
        "msg_a5_1",
        acme,
        "tkt_acme_5",
        { contact: "ctc_lena" },
        hours(8),
        "Wij hebben drie nieuwe collega's. Kunnen jullie accounts voor ze aanmaken?",
      ),
      note(
        "msg_a5_2",
        acme,
        "tkt_acme_5",
        "usr_acme_agent",
        hours(7),
        `${DEMO_INTERNAL_NOTE_MARKERS[3]}: wachten op akkoord van Jan (IT-manager).`,
      ),
      message(
        "msg_g1_1",
        globex,
        "tkt_globex_1",
        { contact: "ctc_max" },
        days(2),
        "Meine Bestellung vom 3. ist noch nicht angekommen.",
      ),
      note(
        "msg_g1_2",
        globex,
        "tkt_globex_1",
        "usr_globex_owner",
        hours(30),
        `${DEMO_INTERNAL_NOTE_MARKERS[4]}: Spedition anrufen.`,
      ),
      message(
        "msg_g1_3",
        globex,
        "tkt_globex_1",
        { user: "usr_globex_owner" },
        hours(28),
        "Wir haben bei der Spedition nachgefragt und melden uns morgen.",
      ),
      message(
        "msg_g1_4",
        globex,
        "tkt_globex_1",
        { contact: "ctc_max" },
        hours(12),
        "Gibt es schon Neuigkeiten?",
      ),
      message(
        "msg_g2_1",
        globex,
        "tkt_globex_2",
        { contact: "ctc_max" },
        days(12),
        "Können Sie mir die Rechnung als PDF schicken?",
      ),
      message(
        "msg_g2_2",
        globex,
        "tkt_globex_2",
        { user: "usr_globex_owner" },
        days(10),
        "Die Rechnung ist unterwegs an Ihre E-Mail-Adresse.",
      ),
    ]),
  ];

  await runBatch(db, statements);
  return true;
}

function message(
  id: string,
  accountId: string,
  ticketId: string,
  author: { contact: string } | { user: string },
  createdAt: number,
  body: string,
): typeof s.ticketMessages.$inferInsert {
  return {
    id,
    accountId,
    ticketId,
    visibility: "public",
    authorContactId: "contact" in author ? author.contact : null,
    authorUserId: "user" in author ? author.user : null,
    body,
    createdAt,
  };
}

function note(
  id: string,
  accountId: string,
  ticketId: string,
  userId: string,
  createdAt: number,
  body: string,
): typeof s.ticketMessages.$inferInsert {
  return { id, accountId, ticketId, visibility: "internal", authorUserId: userId, body, createdAt };
}
