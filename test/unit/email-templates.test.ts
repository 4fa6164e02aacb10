import { describe, expect, it } from "vitest";
import { LANGUAGES, type Language, textDirection, translator } from "../../app/lib/i18n";
import {
  type EmailContent,
  escapeHtml,
  renderEmail,
  textColorOn,
} from "../../workers/email/render";
import {
  accessGroupInviteEmail,
  agentRepliedEmail,
  dashboardEmailChangeEmail,
  dashboardEmailChangeNoticeEmail,
  dashboardInviteEmail,
  dashboardPasswordResetEmail,
  domainMisconfiguredEmail,
  type PortalSite,
  passwordResetEmail,
  registrationEmail,
  ticketReceivedEmail,
} from "../../workers/email/templates";

const site = (language: Language, overrides: Partial<PortalSite> = {}): PortalSite => ({
  language,
  hostname: "help.acme.com",
  slug: "portal",
  portalName: "Acme Klantenportaal",
  accountName: "Acme",
  accentColor: "#047857",
  logoUrl: null,
  localPort: null,
  ...overrides,
});

const TOKEN = "tok_ABC123";
const contact = { contactName: "Piet Bakker", token: TOKEN };
const ticket = { contactName: "Jan de Vries", ticketNumber: 1234, ticketSubject: "VPN valt weg" };

type Case = {
  kind: string;
  build: (s: PortalSite) => EmailContent;
  link: string;
  subjectKey: Parameters<ReturnType<typeof translator>>[0];
};

const PORTAL_CASES: Case[] = [
  {
    kind: "access_group_invite",
    build: (s) => accessGroupInviteEmail(s, contact),
    link: `/portal/join/${TOKEN}`,
    subjectKey: "email.invite.subject",
  },
  {
    kind: "registration",
    build: (s) => registrationEmail(s, contact),
    link: `/portal/register/${TOKEN}`,
    subjectKey: "email.registration.subject",
  },
  {
    kind: "password_reset",
    build: (s) => passwordResetEmail(s, contact),
    link: `/portal/reset-password/${TOKEN}`,
    subjectKey: "email.passwordReset.subject",
  },
  {
    kind: "agent_replied",
    build: (s) => agentRepliedEmail(s, { ...ticket, agentName: "Alex", reply: "Probeer dit." }),
    link: "/portal/tickets/1234",
    subjectKey: "email.agentReplied.subject",
  },
  {
    kind: "ticket_received",
    build: (s) => ticketReceivedEmail(s, ticket),
    link: "/portal/tickets/1234",
    subjectKey: "email.ticketReceived.subject",
  },
];

describe("portal emails", () => {
  describe.each(PORTAL_CASES)("$kind", ({ build, link, subjectKey }) => {
    it.each(LANGUAGES)("speaks %s, with the portal's name and a link to its domain", (language) => {
      const t = translator(language);
      const email = renderEmail(build(site(language)));
      const expectedSubject = t(subjectKey, {
        portal: "Acme Klantenportaal",
        number: "1234",
        subject: "VPN valt weg",
      });
      expect(email.subject).toBe(expectedSubject);
      expect(email.html).toContain(`<html lang="${language}" dir="${textDirection(language)}">`);
      expect(email.html).toContain(`href="https://help.acme.com${link}"`);
      expect(email.text).toContain(`https://help.acme.com${link}`);
      expect(email.html).toContain("Acme Klantenportaal");
      expect(email.text).toContain(t("portal.footer", { portal: "Acme Klantenportaal" }));
      expect(email.html).toContain(escapeHtml(t("email.linkFallback")));
    });

    it("uses the portal's accent colour", () => {
      const email = renderEmail(build(site("en", { accentColor: "#B91C1C" })));
      expect(email.html).toContain('bgcolor="#b91c1c"');
      expect(email.html).toContain("border-top:6px solid #b91c1c");
    });

    it("uses plain http and the local port for a *.localhost domain", () => {
      const email = renderEmail(
        build(site("nl", { hostname: "help.acme.localhost", localPort: 8787 })),
      );
      expect(email.text).toContain(`http://help.acme.localhost:8787${link}`);
      expect(email.html).not.toContain("https://help.acme.localhost");
    });
  });

  it("the invite names the account and greets the contact", () => {
    const email = renderEmail(accessGroupInviteEmail(site("nl"), contact));
    expect(email.subject).toBe("U bent uitgenodigd voor Acme Klantenportaal");
    expect(email.text).toContain("Beste Piet Bakker,");
    expect(email.text).toContain("Acme nodigt u uit voor Acme Klantenportaal");
  });

  it("the reply email quotes the reply, line by line", () => {
    const email = renderEmail(
      agentRepliedEmail(site("de"), {
        ...ticket,
        agentName: "Alex",
        reply: "Erste Zeile\nZweite Zeile",
      }),
    );
    expect(email.subject).toBe("Neue Antwort auf Ihr Ticket #1234: VPN valt weg");
    expect(email.text).toContain("> Erste Zeile\n> Zweite Zeile");
    expect(email.html).toContain("Erste Zeile<br>Zweite Zeile");
    expect(email.text).toContain('Alex hat auf Ihr Ticket "VPN valt weg" geantwortet:');
  });

  it("shows an https logo and drops any other", () => {
    const withLogo = renderEmail(
      ticketReceivedEmail(site("en", { logoUrl: "https://cdn.acme.com/logo.png" }), ticket),
    );
    expect(withLogo.html).toContain('<img src="https://cdn.acme.com/logo.png"');
    for (const logoUrl of ["http://cdn.acme.com/logo.png", "javascript:alert(1)", "not a url"]) {
      const email = renderEmail(ticketReceivedEmail(site("en", { logoUrl }), ticket));
      expect(email.html).not.toContain("<img");
    }
  });
});

describe("escaping", () => {
  const HOSTILE = `<script>alert("x")</script> & 'quotes'`;

  it("escapes every interpolated value in the HTML part", () => {
    const email = renderEmail(
      agentRepliedEmail(site("en", { portalName: HOSTILE, accountName: HOSTILE }), {
        contactName: HOSTILE,
        ticketNumber: 7,
        ticketSubject: HOSTILE,
        agentName: HOSTILE,
        reply: HOSTILE,
      }),
    );
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain(`"x"`);
    expect(email.html).toContain(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;",
    );
    // The text part is plain text: it keeps the characters as they are.
    expect(email.text).toContain(HOSTILE);
  });

  it("keeps a subject on one line", () => {
    const email = renderEmail(
      ticketReceivedEmail(site("en"), { ...ticket, ticketSubject: "Line one\r\nBcc: evil@x" }),
    );
    expect(email.subject).toBe("We received your ticket #1234: Line one Bcc: evil@x");
  });

  it("an accent colour that is not a plain hex colour never reaches a style", () => {
    const email = renderEmail(
      ticketReceivedEmail(site("en", { accentColor: "red;background:url(x)" }), ticket),
    );
    expect(email.html).not.toContain("url(x)");
    expect(email.html).toContain("#1d4ed8");
  });

  it("encodes a token in the link path", () => {
    const email = renderEmail(registrationEmail(site("en"), { contactName: "X", token: "a/b?c" }));
    expect(email.text).toContain("https://help.acme.com/portal/register/a%2Fb%3Fc");
  });
});

describe("dashboard emails are English and link to the dashboard host", () => {
  const dashboard = { host: "app.portico.dev", localPort: null };

  it("teammate invite", () => {
    const email = renderEmail(
      dashboardInviteEmail(dashboard, { accountName: "Acme", inviterName: "Olivia", token: TOKEN }),
    );
    expect(email.subject).toBe("Olivia invited you to Acme on Portico");
    expect(email.html).toContain('<html lang="en" dir="ltr">');
    expect(email.html).toContain(`href="https://app.portico.dev/join/${TOKEN}"`);
    expect(email.text).toContain(`https://app.portico.dev/join/${TOKEN}`);
  });

  it("admin password reset", () => {
    const email = renderEmail(
      dashboardPasswordResetEmail(
        { host: "app.localhost", localPort: 8787 },
        { userName: "Olivia", token: TOKEN },
      ),
    );
    expect(email.subject).toBe("Reset your Portico password");
    expect(email.text).toContain("Hello Olivia,");
    expect(email.text).toContain(`http://app.localhost:8787/reset-password/${TOKEN}`);
  });

  it("email change: the link to the new address, the notice to the old", () => {
    const link = renderEmail(
      dashboardEmailChangeEmail(dashboard, { userName: "Olivia", token: TOKEN }),
    );
    expect(link.subject).toBe("Confirm your new Portico email address");
    expect(link.html).toContain(`href="https://app.portico.dev/profile/email/${TOKEN}"`);
    const notice = renderEmail(
      dashboardEmailChangeNoticeEmail(dashboard, { userName: "Olivia", newEmail: "o@new.example" }),
    );
    expect(notice.text).toContain("o@new.example");
    expect(notice.text).not.toContain(TOKEN);
    expect(notice.html).toContain('href="https://app.portico.dev/profile"');
  });
});

describe("the email about a misconfigured domain", () => {
  const input = {
    userName: "Olivia",
    accountName: "Acme",
    accountSlug: "acme",
    domainId: "dom_1",
    hostname: "help.acme.com",
    problems: ["TXT record missing: no TXT record at _portico-verify.help.acme.com."],
    portalNames: ["Support", "Billing"],
    stopsAt: "Jan 4, 2027, 10:00 AM (UTC)",
    stopped: false,
  };

  it("names the hostname, what is wrong and when its portals stop, and links to the domain", () => {
    const email = renderEmail(
      domainMisconfiguredEmail({ host: "app.portico.dev", localPort: null }, input),
    );
    expect(email.subject).toBe(
      "Action needed: the DNS records of help.acme.com no longer check out",
    );
    expect(email.html).toContain('<html lang="en" dir="ltr">');
    expect(email.text).toContain("Hello Olivia,");
    expect(email.text).toContain(
      "TXT record missing: no TXT record at _portico-verify.help.acme.com.",
    );
    expect(email.text).toContain(
      "The portals on it (Support, Billing) keep serving until Jan 4, 2027, 10:00 AM (UTC), then stop",
    );
    expect(email.html).toContain('href="https://app.portico.dev/a/acme/domains/dom_1"');
  });

  it("says the portals stopped when the grace period is over by the time it is sent", () => {
    const email = renderEmail(
      domainMisconfiguredEmail(
        { host: "app.portico.dev", localPort: null },
        { ...input, portalNames: [], stopped: true },
      ),
    );
    expect(email.text).toContain("Portals on it stopped serving at Jan 4, 2027, 10:00 AM (UTC)");
    expect(email.text).not.toContain("keep serving");
  });
});

describe("textColorOn", () => {
  it.each([
    ["#047857", "#ffffff"],
    ["#1d4ed8", "#ffffff"],
    ["#b91c1c", "#ffffff"],
    ["#000000", "#ffffff"],
    ["#ffffff", "#111827"],
    ["#fde047", "#111827"],
    ["#a7f3d0", "#111827"],
  ])("%s -> %s", (background, expected) => {
    expect(textColorOn(background)).toBe(expected);
  });
});
