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
};
