// The dashboard's words for a user's own security: the profile page, two-factor set-up and the
// second step of signing in.
export const profile = {
  "twoFactor.codeInvalid": "That code is not right. Enter the current code from your app.",
  "twoFactor.codeOrRecoveryInvalid":
    "That code is not right, or was used already. Enter the current code from your app or an unused recovery code.",
  "twoFactor.alreadyOn": "Two-factor authentication is already on.",
  "twoFactor.expired": "Your sign-in took too long. Sign in again.",
  "twoFactor.code.tooLong": "A code has at most 20 characters.",
  "twoFactor.disableInvalid": "The password or the code is not right.",
  "profile.email.same": "That is already your email address.",
  "profile.email.taken": "Another user has that email address.",
} as const;
