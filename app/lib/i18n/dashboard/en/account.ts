// Signing up, the account's settings, deleting it, and verifying the owner's email address.
export const account = {
  "signUp.title": "Create your Portico account",
  "signUp.intro":
    "Set up a customer portal for your support team. Your account starts with a portal address of its own, an inbox and you as its owner.",
  "signUp.anotherTitle": "Create another account",
  "signUp.anotherIntro":
    "A new account of its own — its own portals, domains, contacts and team — with you as its owner. You switch between your accounts in the header.",
  "signUp.name": "Your name",
  "signUp.email": "Email address",
  "signUp.password": "Password",
  "signUp.passwordHint":
    "At least {min} characters. Not your email address, not a simple sequence.",
  "signUp.accountName": "Account name",
  "signUp.accountNameHint":
    "Your company or team. Your first portal address is made from it: {example}. It cannot be changed later.",
  "signUp.language": "Portal language",
  "signUp.languageHint":
    "The language your portals on {systemDomain} speak to your customers. The dashboard stays in English.",
  "signUp.submit": "Create account",
  "signUp.haveAccount": "Already have an account?",
  "signUp.signIn": "Sign in",
  "signUp.emailTaken":
    "This email address already has a Portico account. Sign in and create another account from your dashboard.",
  "signUp.cta": "Sign up for free",
  "signUp.another": "Create another account",
  "signUp.noAccount": "No account yet?",
  "verify.title": "Verify your email address",
  "verify.done": "Your email address {email} is verified. Thank you.",
  "verify.continue": "Go to your dashboard",
  "verify.invalid":
    "This link no longer works: it was used already, it expired, or it is for another address. Sign in and ask for a new one on your account's home page.",
  "verify.notice":
    "Please verify your email address {email}: we sent you a link when you signed up.",
  "verify.sendAgain": "Send the link again",
  "verify.sent": "We sent a new link to {email}. It works once and expires in 24 hours.",
  "accountSettings.title": "Account settings",
  "accountSettings.intro": "Only the account's owner sees this page.",
  "accountSettings.general": "General",
  "accountSettings.name": "Account name",
  "accountSettings.slug": "Account address",
  "accountSettings.slugHint":
    "Your dashboard's URLs and your system domain {hostname} are built from it, so it stays as it is.",
  "accountSettings.timeZone": "Time zone",
  "accountSettings.timeZoneHint": "Dates in the dashboard and in your portals are shown in it.",
  "accountSettings.storage": "File storage",
  "accountSettings.fileTypes": "Files customers and agents may attach",
  "accountSettings.fileTypesHint":
    "The type is read from each file's first bytes, not from its name. Files already attached stay. Portals follow a change within half a minute.",
  "accountSettings.fileTypesSave": "Save file types",
  "accountSettings.kind.image": "Images (PNG, JPEG, GIF, WebP)",
  "accountSettings.kind.pdf": "PDF documents",
  "accountSettings.kind.text": "Plain text and logs",
  "accountSettings.kind.csv": "CSV files",
  "accountSettings.kind.office": "Office documents (Word, Excel, PowerPoint, OpenDocument)",
  "accountSettings.kind.zip": "Zip archives",
  "accountSettings.kind.svg": "SVG images (only ever downloaded, never shown)",
  "accountSettings.kind.html": "HTML files (only ever downloaded, never shown)",
  "accountSettings.kind.other": "Any other file (only ever downloaded)",
  "accountSettings.storageUsed":
    "Files attached to tickets take {used} of the {cap} this account may store.",
  "accountSettings.storageHint":
    "When it is full, customers and agents can still send messages, without files. Deleting a contact removes the files they uploaded.",
  "accountSettings.senderName": "Sender name",
  "accountSettings.senderNameHint":
    "The name your customers see as the sender of portal emails. Empty: the account's name.",
  "accountSettings.supportReplyTo": "Support reply-to address",
  "accountSettings.supportReplyToHint":
    "Where your customers' replies to portal emails go. Empty: replies are not possible.",
  "accountSettings.save": "Save settings",
  "accountSettings.saved": "Settings saved.",
  "account.name.tooLong": "The account name can have at most 100 characters.",
  "account.timeZone.invalid": "Choose a time zone from the list.",
  "account.senderName.tooLong": "The sender name can have at most 64 characters.",
  "account.senderName.invalid":
    "The sender name cannot contain quotes, angle brackets, backslashes or control characters.",
  "account.delete.title": "Delete this account",
  "account.delete.intro": "Deleting {account} cannot be undone. At once:",
  "account.delete.portals": "every portal of the account stops serving;",
  "account.delete.domains":
    "every domain of the account is released, its system domain {hostname} included;",
  "account.delete.data":
    "every ticket, contact, company, access group and email log entry of the account is deleted, with the audit log;",
  "account.delete.team":
    "every teammate's access to this account ends. Teammates keep their Portico user and their other accounts, and so do you.",
  "account.delete.confirm": "Type the account's name, {account}, to confirm",
  "account.delete.submit": "Delete this account for good",
  "account.delete.mismatch": "Type the account's name exactly as shown to delete it.",
} as const;
