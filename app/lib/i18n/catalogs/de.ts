import type { Catalog } from "../catalog";

export const de: Catalog = {
  "portal.skipToContent": "Zum Inhalt springen",
  "portal.knowledgeBase": "Wissensdatenbank",
  "portal.home.intro": "Öffnen, verfolgen und beantworten Sie Ihre Support-Tickets an einem Ort.",
  "portal.home.whatYouCanDo": "Was Sie hier tun können",
  "portal.home.open": "Öffnen Sie ein neues Ticket und sagen Sie uns, was Sie brauchen.",
  "portal.home.follow": "Sehen Sie den Status jedes Ihrer Tickets auf einen Blick.",
  "portal.home.reply": "Lesen Sie unsere Antworten und antworten Sie darauf.",
  "portal.home.signInHint":
    "Sie melden sich mit der E-Mail-Adresse an, unter der {portal} Sie kennt. Fragen? Wenden Sie sich an unser Support-Team.",
  "portal.footer": "{portal} · Kundenportal bereitgestellt von Portico",
  "error.notFound.title": "Seite nicht gefunden",
  "error.notFound.body": "Die gesuchte Seite existiert nicht oder ist nicht mehr verfügbar.",
  "error.unexpected.title": "Etwas ist schiefgelaufen",
  "error.unexpected.body": "Bitte versuchen Sie es gleich noch einmal.",
};
