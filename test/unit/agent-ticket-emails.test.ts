// The help desk's emails to agents: English like the dashboard, the contact's words quoted, and a
// link to the ticket on the dashboard host (plain http and the local port on *.localhost).
import { describe, expect, it } from "vitest";
import { renderEmail } from "../../workers/email/render";
import { customerRepliedEmail, newTicketEmail } from "../../workers/email/templates";

const input = {
  agentName: "Alex",
  accountSlug: "acme",
  ticketNumber: 1234,
  ticketSubject: "VPN valt weg",
  contactName: "Jan de Vries",
  portalName: "Acme Klantenportaal",
  message: "Sinds vanochtend\nvalt de VPN weg.",
};

describe.each([
  ["new ticket", newTicketEmail, "New ticket #1234: VPN valt weg"],
  ["customer replied", customerRepliedEmail, "Jan de Vries replied on #1234: VPN valt weg"],
] as const)("%s", (_, build, subject) => {
  it("is English, quotes the contact and links to the ticket on the dashboard", () => {
    const email = renderEmail(build({ host: "app.portico.dev", localPort: null }, input));
    expect(email.subject).toBe(subject);
    expect(email.html).toContain('<html lang="en" dir="ltr">');
    expect(email.text).toContain("Hello Alex,");
    expect(email.text).toContain("> Sinds vanochtend\n> valt de VPN weg.");
    expect(email.html).toContain('href="https://app.portico.dev/a/acme/tickets/1234"');
  });

  it("uses the local port on a *.localhost dashboard", () => {
    const email = renderEmail(build({ host: "app.localhost", localPort: 8787 }, input));
    expect(email.text).toContain("http://app.localhost:8787/a/acme/tickets/1234");
  });

  it("escapes the contact's text and keeps the subject on one line", () => {
    const email = renderEmail(
      build(
        { host: "app.portico.dev", localPort: null },
        { ...input, ticketSubject: "a\r\nBcc: x@evil.example", message: "<script>x</script>" },
      ),
    );
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.html).not.toContain("<script>x");
    expect(email.html).toContain("&lt;script&gt;x&lt;/script&gt;");
  });
});

it("names the portal a new ticket came from", () => {
  const email = renderEmail(newTicketEmail({ host: "app.portico.dev", localPort: null }, input));
  expect(email.text).toContain("Jan de Vries opened a ticket in Acme Klantenportaal");
});
