// A dashboard user's own security: the profile page, two-factor set-up, the second step of signing
// in, and the owner's "require two-factor" setting.
export const profile = {
  "twoFactor.codeInvalid": "That code is not right. Enter the current code from your app.",
  "twoFactor.codeOrRecoveryInvalid":
    "That code is not right, or was used already. Enter the current code from your app or an unused recovery code.",
  "twoFactor.alreadyOn": "Two-factor authentication is already on.",
  "twoFactor.disableInvalid": "The password or the code is not right.",
  "twoFactor.code.tooLong": "A code has at most 20 characters.",
  "security.title": "Security",
  "security.saved": "Your security settings were saved.",
  "security.requireTwoFactor": "Require two-factor authentication for every member",
  "security.requireTwoFactor.hint":
    "Members without it are taken to set it up at their next request in this account. Their other accounts are not affected.",
  "security.requireTwoFactor.youToo":
    "You have it off yourself: you will be asked to set it up first.",
  "security.save": "Save",
  "security.withoutTwoFactor": "Members without two-factor authentication",
  "security.everyoneHasTwoFactor": "Every member has two-factor authentication on.",
} as const;
