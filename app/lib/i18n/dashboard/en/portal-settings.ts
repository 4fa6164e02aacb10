// A portal's settings tabs: general, ticket display, consent, support form, branding, preview.
export const portalSettings = {
  "portalSettings.save": "Save",
  "portalSettings.done.saved": "Saved. Customers see the change on their next page.",
  "portalSettings.done.unchanged": "Nothing changed: the settings were already like this.",
  "portalSettings.done.published": "The portal is live again and serves at its URL.",
  "portalSettings.done.unpublished": "The portal is unpublished: its URL no longer serves.",
  "portalSettings.conflict":
    "Someone changed this portal while you were editing. Your input is below; review it and save again.",
  "portalSettings.auditLink": "See who changed what in the audit log",
  "portalSettings.url.https": "Enter a full address that starts with https://.",
  "portalSettings.url.tooLong": "The address can have at most {max} characters.",
  "portalSettings.position": "Position",
  "portalSettings.positionOf": "Position of {property} in the {place}",
  "portalSettings.position.invalid": "Enter a whole number from 1 to 99.",
  "portalSettings.move": "Move",
  "portalSettings.moveOf": ": {property} in the {place}",
  "portalSettings.up": "Up",
  "portalSettings.down": "Down",

  "portalSettings.name": "Portal name",
  "portalSettings.name.hint":
    "Customers see it in the portal's header and the browser tab. At most {max} characters.",
  "portalSettings.name.tooLong": "The name can have at most {max} characters.",
  "portalSettings.knowledgeBase": "Knowledge base link (optional)",
  "portalSettings.knowledgeBase.hint":
    "Shown in the portal's header. A full https:// address; leave empty for no link.",
  "portalSettings.publishing": "Publishing",
  "portalSettings.publishing.draft":
    "This portal is a draft: it serves nothing until its setup is finished.",
  "portalSettings.publishing.toWizard": "Finish it in the setup wizard",
  "portalSettings.publishing.live":
    "The portal is live. Unpublishing stops its URL from serving (customers get a plain “not found” page); members, settings and tickets stay, and you can publish it again.",
  "portalSettings.publishing.unpublished":
    "The portal is unpublished: its URL serves nothing. Publishing makes it serve again, with its members and settings as they are.",
  "portalSettings.publishing.unpublish": "Unpublish portal",
  "portalSettings.publishing.publish": "Publish again",
  "portalSettings.delete": "Delete portal",
  "portalSettings.delete.intro": "Deleting cannot be undone. It does this:",
  "portalSettings.delete.url":
    "The portal's URL stops serving at once, and its slug becomes free on its domain.",
  "portalSettings.delete.members":
    "Members with standing on this portal: {count}. Their standing here (invitations, consent records), their open links and their portal sessions end. Their contacts and their access on other portals stay.",
  "portalSettings.delete.tickets":
    "Tickets opened through this portal: {count}. They stay in the help desk with their whole thread; only their link to this portal is cleared.",
  "portalSettings.delete.confirm": "To confirm, type the portal's name: {name}",
  "portalSettings.delete.confirmRequired": "Type the portal's name to confirm.",
  "portalSettings.delete.mismatch": "This is not the portal's name. Nothing was deleted.",
  "portalSettings.delete.submit": "Delete this portal",

  "portalSettings.display.intro":
    "Choose which ticket properties customers see, and in which order. The subject is always shown. Order by the position numbers, or move a shown property up or down.",
  "portalSettings.display.list": "ticket list",
  "portalSettings.display.detail": "ticket page",
  "portalSettings.display.shown": "Shown",
  "portalSettings.property.number": "Ticket number",
  "portalSettings.property.status": "Status (pipeline stage)",
  "portalSettings.property.priority": "Priority",
  "portalSettings.property.category": "Category",
  "portalSettings.property.created": "Created",
  "portalSettings.property.last_activity": "Last activity",
  "portalSettings.property.assignee": "Assigned agent's first name",
  "portalSettings.stages": "What customers read for each stage",
  "portalSettings.stages.hint":
    "Write the labels in {language}, the language of the portal's domain. Leave a label empty to use Portico's own word.",
  "portalSettings.stage.new": "New",
  "portalSettings.stage.waiting_on_us": "Waiting on us",
  "portalSettings.stage.waiting_on_contact": "Waiting on the customer",
  "portalSettings.stage.closed": "Closed",
  "portalSettings.stage.default": "Empty shows: {label}",
  "portalSettings.stage.tooLong": "A label can have at most {max} characters.",
  "portalSettings.defaultSort": "Default sort of the ticket list",
  "portalSettings.listClosed": "List closed tickets (customers can filter for them)",

  "portalSettings.consent.intro":
    "A notice customers read when they register, for example how you handle their data. Each member's consent is recorded with the time and the version of the text.",
  "portalSettings.consent.version":
    "This is version {version} of the text. Changing the text makes it version {next}; switching the notice or the checkbox on or off keeps the version.",
  "portalSettings.consent.enabled": "Show a consent notice at registration",
  "portalSettings.consent.text": "Text",
  "portalSettings.consent.language":
    "Write it in {language}: the portal renders in the language of its domain, {hostname}.",
  "portalSettings.consent.requireCheckbox": "Customers must tick a box to agree",
  "portalSettings.consent.textRequired":
    "Write the text customers agree to, or switch the notice off.",
  "portalSettings.consent.tooLong": "The text can have at most {max} characters.",

  "portalSettings.form.intro":
    "Every ticket form asks for a subject and a description. Add fields here; customers see them in this order.",
  "portalSettings.form.answersKept":
    "Removing a field removes it from the form only: answers customers already gave stay with their tickets.",
  "portalSettings.form.empty":
    "No extra fields yet: the form asks for subject and description only.",
  "portalSettings.form.stale":
    "The form changed since this page was loaded. Reload the page and try again.",
  "portalSettings.form.tooMany": "A form can have at most {fields} extra fields.",
  "portalSettings.field.legend": "Field {position}: {label} ({type})",
  "portalSettings.field.label": "Label",
  "portalSettings.field.labelTooLong": "A label can have at most {max} characters.",
  "portalSettings.field.required": "Customers must fill it in",
  "portalSettings.field.options": "Options",
  "portalSettings.field.options.hint": "One per line, at most {options}.",
  "portalSettings.field.options.addHint":
    "For a choice list or a category: one option per line, at most {options}. Other types ignore this.",
  "portalSettings.field.optionsRequired": "Give at least one option, one per line.",
  "portalSettings.field.optionsTooMany": "A field can have at most {options} options.",
  "portalSettings.field.optionTooLong": "An option can have at most {option} characters.",
  "portalSettings.field.onlyOne": "The form already has a field of this type.",
  "portalSettings.field.type": "Type",
  "portalSettings.field.type.text": "Text",
  "portalSettings.field.type.select": "Choice list",
  "portalSettings.field.type.checkbox": "Checkbox",
  "portalSettings.field.type.category": "Category (sets the ticket's category)",
  "portalSettings.field.type.priority": "Priority (sets the ticket's priority)",
  "portalSettings.field.moveOf": ": {label}",
  "portalSettings.field.remove": "Remove",
  "portalSettings.field.add": "Add a field",
  "portalSettings.field.addSubmit": "Add field",

  "portalSettings.logoUrl": "Logo address (optional)",
  "portalSettings.logoUrl.hint":
    "A full https:// address of an image, shown 32 pixels high beside the portal's name.",
  "portalSettings.accentColor": "Accent colour",
  "portalSettings.accentColor.hint":
    "A hex colour such as #1d4ed8. It must stand out on white: a contrast of at least {ratio}:1.",
  "portalSettings.branding.accent.format": "Enter a colour as # and six hex digits, e.g. #1d4ed8.",
  "portalSettings.branding.accent.contrast":
    "This colour is too light on white (contrast under {ratio}:1). Choose a darker one.",

  "portalSettings.preview.title": "Preview",
  "portalSettings.preview.link": "Preview the portal's pages",
  "portalSettings.preview.intro":
    "The ticket list and a ticket page with the saved branding, display settings and stage labels, over sample tickets. Only you see this.",
  "portalSettings.preview.list": "Ticket list",
  "portalSettings.preview.detail": "Ticket page",
  "portalSettings.preview.closedListed": "Closed tickets are listed under the status filter.",
  "portalSettings.preview.closedHidden": "Closed tickets are not listed.",
  "portalSettings.preview.sample1": "The invoice shows our old address",
  "portalSettings.preview.sample2": "Cannot sign in on the mobile app",
  "portalSettings.preview.sample3": "Export all orders to a spreadsheet",
  "portalSettings.preview.message1":
    "Hello, this month's invoice still shows our old address. Could you correct it?",
  "portalSettings.preview.message2":
    "Thanks for letting us know. Could you send us the new address so we can update it?",
} as const;
