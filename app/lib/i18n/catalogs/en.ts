// The source catalog: every key the UI uses, in English. Other catalogs must have exactly these keys
// with the same {placeholders} (test/unit/i18n.test.ts).
export const en = {
  "portal.skipToContent": "Skip to content",
  "portal.knowledgeBase": "Knowledge base",
  "portal.home.intro": "Open, follow and answer your support tickets in one place.",
  "portal.home.whatYouCanDo": "What you can do here",
  "portal.home.open": "Open a new ticket and tell us what you need.",
  "portal.home.follow": "See the status of each of your tickets at a glance.",
  "portal.home.reply": "Read our answers and reply to them.",
  "portal.home.signInHint":
    "You sign in with the email address {portal} knows you by. Questions? Contact our support team.",
  "portal.footer": "{portal} · customer portal powered by Portico",
  "error.notFound.title": "Page not found",
  "error.notFound.body": "The page you are looking for does not exist or is no longer available.",
  "error.unexpected.title": "Something went wrong",
  "error.unexpected.body": "Please try again in a moment.",
  "email.greeting": "Hello {name},",
  "email.linkFallback": "If the button does not work, copy this link into your browser:",
  "email.invite.subject": "You are invited to {portal}",
  "email.invite.body":
    "{account} invites you to {portal}, where you can open, follow and answer your support tickets.",
  "email.invite.action": "Accept the invitation",
  "email.invite.note": "If you did not expect this invitation, you can ignore this email.",
  "email.registration.subject": "Confirm your email address for {portal}",
  "email.registration.body":
    "Use the link below to confirm your email address and choose your password for {portal}.",
  "email.registration.action": "Confirm your email address",
  "email.registration.note":
    "If you did not register, you can ignore this email; no account is created.",
  "email.passwordReset.subject": "Reset your password for {portal}",
  "email.passwordReset.body":
    "Someone asked to reset the password you use to sign in to {portal}. Choose a new password with the link below.",
  "email.passwordReset.action": "Choose a new password",
  "email.passwordReset.note":
    "The link works once and expires in 24 hours. If you did not ask for it, ignore this email; your password stays the same.",
  "email.agentReplied.subject": "New reply to your ticket #{number}: {subject}",
  "email.agentReplied.body": '{agent} replied to your ticket "{subject}":',
  "email.agentReplied.action": "View the ticket and reply",
  "email.agentReplied.note":
    "You receive this email because you asked to be told about replies. You can turn this off in your profile.",
  "email.ticketReceived.subject": "We received your ticket #{number}: {subject}",
  "email.ticketReceived.body":
    'Thank you for contacting {portal}. We have received your ticket "{subject}" and will get back to you as soon as possible.',
  "email.ticketReceived.action": "View your ticket",
} as const;
