import { describe, expect, it } from "vitest";
import { passwordProblem } from "../../app/lib/auth/password-policy";

describe("passwordProblem", () => {
  it.each([
    ["correct horse battery", "jan@klant.example", null],
    ["Zon&Zee-2026", "jan@klant.example", null],
    ["kort", "jan@klant.example", "password.tooShort"],
    ["ééééééé", "jan@klant.example", "password.tooShort"],
    ["x".repeat(257), "jan@klant.example", "password.tooLong"],
    ["jan.portal-1999", "jan.portal@klant.example", "password.localPart"],
    ["JAN.PORTAL!!", "jan.portal@klant.example", "password.localPart"],
    ["12345678", "jan@klant.example", "password.trivial"],
    ["87654321", "jan@klant.example", "password.trivial"],
    ["abcdefghij", "jan@klant.example", "password.trivial"],
    ["qwertyuiop", "jan@klant.example", "password.trivial"],
    ["aaaaaaaaaa", "jan@klant.example", "password.trivial"],
    ["abababab", "jan@klant.example", "password.trivial"],
    ["password", "jan@klant.example", "password.trivial"],
  ])("%s for %s -> %s", (password, email, problem) => {
    expect(passwordProblem(password, email)).toBe(problem);
  });

  it("ignores a local part too short to matter", () => {
    expect(passwordProblem("my-jo-password-9", "jo@example.com")).toBeNull();
  });
});
