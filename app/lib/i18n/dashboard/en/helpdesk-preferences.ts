// A user's help-desk preferences on their profile: ticket emails and keyboard shortcuts, per account.
export const helpdeskPreferences = {
  "deskPrefs.title": "Help desk preferences",
  "deskPrefs.link": "Help desk preferences: ticket emails and keyboard shortcuts",
  "deskPrefs.intro":
    "For each account you work in: which ticket emails you get, and whether single-key shortcuts are on in its help desk.",
  "deskPrefs.none": "You are not an agent of any account.",
  "deskPrefs.account": "Preferences for {account}",
  "deskPrefs.emails": "Emails",
  "deskPrefs.newTicket": "Email me about new tickets",
  "deskPrefs.customerReplied": "Email me when a customer replies",
  "deskPrefs.shortcuts": "Keyboard shortcuts on",
  "deskPrefs.shortcutsHint": "Single keys such as j, k and r in the queue and on a ticket.",
  "deskPrefs.save": "Save preferences for {account}",
  "deskPrefs.saved": "Your preferences for {account} were saved.",
  "deskPrefs.back": "Back to your profile",
} as const;
