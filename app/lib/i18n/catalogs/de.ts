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
  "email.greeting": "Hallo {name},",
  "email.linkFallback":
    "Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in Ihren Browser:",
  "email.invite.subject": "Sie sind zu {portal} eingeladen",
  "email.invite.body":
    "{account} lädt Sie zu {portal} ein. Dort können Sie Ihre Support-Tickets eröffnen, verfolgen und beantworten.",
  "email.invite.action": "Einladung annehmen",
  "email.invite.note":
    "Falls Sie diese Einladung nicht erwartet haben, können Sie diese E-Mail ignorieren.",
  "email.registration.subject": "Bestätigen Sie Ihre E-Mail-Adresse für {portal}",
  "email.registration.body":
    "Bestätigen Sie über den folgenden Link Ihre E-Mail-Adresse und wählen Sie Ihr Passwort für {portal}.",
  "email.registration.action": "E-Mail-Adresse bestätigen",
  "email.registration.note":
    "Falls Sie sich nicht registriert haben, können Sie diese E-Mail ignorieren; es wird kein Konto angelegt.",
  "email.passwordReset.subject": "Passwort für {portal} zurücksetzen",
  "email.passwordReset.body":
    "Es wurde angefordert, das Passwort zurückzusetzen, mit dem Sie sich bei {portal} anmelden. Wählen Sie über den folgenden Link ein neues Passwort.",
  "email.passwordReset.action": "Neues Passwort wählen",
  "email.passwordReset.note":
    "Der Link funktioniert einmal und läuft nach 24 Stunden ab. Falls Sie das nicht angefordert haben, ignorieren Sie diese E-Mail; Ihr Passwort bleibt unverändert.",
  "email.agentReplied.subject": "Neue Antwort auf Ihr Ticket #{number}: {subject}",
  "email.agentReplied.body": '{agent} hat auf Ihr Ticket "{subject}" geantwortet:',
  "email.agentReplied.action": "Ticket ansehen und antworten",
  "email.agentReplied.note":
    "Sie erhalten diese E-Mail, weil Sie Benachrichtigungen über Antworten eingeschaltet haben. Sie können das in Ihrem Profil abschalten.",
  "email.ticketReceived.subject": "Wir haben Ihr Ticket #{number} erhalten: {subject}",
  "email.ticketReceived.body":
    'Vielen Dank für Ihre Nachricht an {portal}. Wir haben Ihr Ticket "{subject}" erhalten und melden uns so bald wie möglich.',
  "email.ticketReceived.action": "Ihr Ticket ansehen",
};
