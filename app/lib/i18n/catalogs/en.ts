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
} as const;
