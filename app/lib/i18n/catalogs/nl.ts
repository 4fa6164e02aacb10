import type { Catalog } from "../catalog";

export const nl: Catalog = {
  "portal.skipToContent": "Naar de inhoud",
  "portal.knowledgeBase": "Kennisbank",
  "portal.home.intro": "Open, volg en beantwoord uw supporttickets op één plek.",
  "portal.home.whatYouCanDo": "Wat u hier kunt doen",
  "portal.home.open": "Open een nieuw ticket en vertel ons waarmee we u kunnen helpen.",
  "portal.home.follow": "Zie in één oogopslag de status van elk van uw tickets.",
  "portal.home.reply": "Lees onze antwoorden en reageer erop.",
  "portal.home.signInHint":
    "U logt in met het e-mailadres waarmee {portal} u kent. Vragen? Neem contact op met ons supportteam.",
  "portal.footer": "{portal} · klantenportaal mogelijk gemaakt door Portico",
  "error.notFound.title": "Pagina niet gevonden",
  "error.notFound.body": "De pagina die u zoekt bestaat niet of is niet meer beschikbaar.",
  "error.unexpected.title": "Er ging iets mis",
  "error.unexpected.body": "Probeer het over een ogenblik opnieuw.",
  "email.greeting": "Beste {name},",
  "email.linkFallback": "Werkt de knop niet? Kopieer dan deze link naar uw browser:",
  "email.invite.subject": "U bent uitgenodigd voor {portal}",
  "email.invite.body":
    "{account} nodigt u uit voor {portal}, waar u uw supporttickets kunt openen, volgen en beantwoorden.",
  "email.invite.action": "Uitnodiging accepteren",
  "email.invite.note": "Verwachtte u deze uitnodiging niet? Dan kunt u deze e-mail negeren.",
  "email.registration.subject": "Bevestig uw e-mailadres voor {portal}",
  "email.registration.body":
    "Gebruik de link hieronder om uw e-mailadres te bevestigen en een wachtwoord te kiezen voor {portal}.",
  "email.registration.action": "E-mailadres bevestigen",
  "email.registration.note":
    "Hebt u zich niet geregistreerd? Dan kunt u deze e-mail negeren; er wordt geen account aangemaakt.",
  "email.passwordReset.subject": "Stel uw wachtwoord opnieuw in voor {portal}",
  "email.passwordReset.body":
    "Er is gevraagd om het wachtwoord waarmee u inlogt op {portal} opnieuw in te stellen. Kies een nieuw wachtwoord via de link hieronder.",
  "email.passwordReset.action": "Nieuw wachtwoord kiezen",
  "email.passwordReset.note":
    "De link werkt één keer en verloopt na 24 uur. Hebt u hier niet om gevraagd? Negeer dan deze e-mail; uw wachtwoord blijft hetzelfde.",
  "email.agentReplied.subject": "Nieuwe reactie op uw ticket #{number}: {subject}",
  "email.agentReplied.body": '{agent} heeft gereageerd op uw ticket "{subject}":',
  "email.agentReplied.action": "Ticket bekijken en reageren",
  "email.agentReplied.note":
    "U ontvangt deze e-mail omdat u meldingen van reacties hebt aangezet. U kunt dit uitzetten in uw profiel.",
  "email.ticketReceived.subject": "We hebben uw ticket #{number} ontvangen: {subject}",
  "email.ticketReceived.body":
    'Bedankt voor uw bericht aan {portal}. We hebben uw ticket "{subject}" ontvangen en nemen zo snel mogelijk contact met u op.',
  "email.ticketReceived.action": "Uw ticket bekijken",
};
