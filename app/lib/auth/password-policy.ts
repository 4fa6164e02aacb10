// What a password must be, like HubSpot's: long enough, not the email's local part, not a trivial
// sequence. Each rule has its own message, so the form can say which one failed.

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordProblem =
  | "password.tooShort"
  | "password.tooLong"
  | "password.localPart"
  | "password.trivial";

const COMMON = new Set([
  "password",
  "passwort",
  "wachtwoord",
  "qwertyuiop",
  "letmein123",
  "welcome1",
]);
const SEQUENCES = ["abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiopasdfghjklzxcvbnm"];

function isTrivial(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return true;
  if (new Set(lower).size <= 2) return true;
  // A run along the alphabet, the digits or the keyboard, forwards or backwards.
  return SEQUENCES.some((sequence) => {
    const backwards = [...sequence].reverse().join("");
    return sequence.includes(lower) || backwards.includes(lower);
  });
}

/** The first rule the password breaks, or null when it is acceptable for this email address. */
export function passwordProblem(password: string, email: string): PasswordProblem | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return "password.tooShort";
  if (password.length > PASSWORD_MAX_LENGTH) return "password.tooLong";
  const localPart = email.split("@")[0]?.toLowerCase() ?? "";
  if (localPart.length >= 3 && password.toLowerCase().includes(localPart))
    return "password.localPart";
  if (isTrivial(password)) return "password.trivial";
  return null;
}
