import { describe, expect, it } from "vitest";
import {
  isTyping,
  type KeyPress,
  moveSelection,
  type ShortcutScope,
  shortcutFor,
} from "../../app/lib/helpdesk/shortcuts";

const body = { tagName: "BODY" };
const textarea = { tagName: "TEXTAREA" };
const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key,
  target: body,
  ...more,
});

describe("shortcutFor", () => {
  it.each<[string, KeyPress, ShortcutScope, boolean, string | null]>([
    ["j moves down the queue", press("j"), "queue", true, "next"],
    ["k moves up the queue", press("k"), "queue", true, "previous"],
    ["o opens", press("o"), "queue", true, "open"],
    ["Enter on the page opens", press("Enter"), "queue", true, "open"],
    [
      "Enter on a row's link is the link's own",
      press("Enter", { target: { tagName: "A" } }),
      "queue",
      true,
      null,
    ],
    [
      "Enter on a button is the button's own",
      press("Enter", { target: { tagName: "BUTTON" } }),
      "queue",
      true,
      null,
    ],
    ["? opens the list in the queue", press("?", { target: body }), "queue", true, "help"],
    ["? with Shift held still opens the list", { key: "?", target: body }, "ticket", true, "help"],
    ["r focuses the reply on a ticket", press("r"), "ticket", true, "reply"],
    ["n focuses the note on a ticket", press("n"), "ticket", true, "note"],
    ["r means nothing in the queue", press("r"), "queue", true, null],
    ["j means nothing on a ticket", press("j"), "ticket", true, null],
    ["a shifted letter is another key", press("J"), "queue", true, null],
    ["an unknown key", press("x"), "queue", true, null],
    ["typing j in a textarea types", press("j", { target: textarea }), "queue", true, null],
    ["typing r in the reply box types", press("r", { target: textarea }), "ticket", true, null],
    [
      "typing in a text input",
      press("k", { target: { tagName: "INPUT", type: "text" } }),
      "queue",
      true,
      null,
    ],
    [
      "typing in a search input",
      press("j", { target: { tagName: "INPUT", type: "search" } }),
      "queue",
      true,
      null,
    ],
    [
      "an input without a type is text",
      press("j", { target: { tagName: "INPUT" } }),
      "queue",
      true,
      null,
    ],
    ["over a select", press("j", { target: { tagName: "SELECT" } }), "queue", true, null],
    [
      "in editable content",
      press("r", { target: { tagName: "DIV", isContentEditable: true } }),
      "ticket",
      true,
      null,
    ],
    [
      "over a checkbox the keys still work",
      press("j", { target: { tagName: "INPUT", type: "checkbox" } }),
      "queue",
      true,
      "next",
    ],
    ["with Ctrl", press("j", { ctrlKey: true }), "queue", true, null],
    ["with Cmd (meta)", press("r", { metaKey: true }), "ticket", true, null],
    ["with Alt", press("k", { altKey: true }), "queue", true, null],
    ["while an IME composes", press("j", { isComposing: true }), "queue", true, null],
    ["an event already handled", press("j", { defaultPrevented: true }), "queue", true, null],
    ["turned off in the profile", press("j"), "queue", false, null],
    ["? too when turned off", press("?"), "ticket", false, null],
    ["no target at all", { key: "j" }, "queue", true, "next"],
  ])("%s", (_, event, scope, enabled, expected) => {
    expect(shortcutFor(event, scope, enabled)).toBe(expected);
  });
});

describe("isTyping", () => {
  it.each<[string, Parameters<typeof isTyping>[0], boolean]>([
    ["textarea", textarea, true],
    ["email input", { tagName: "INPUT", type: "email" }, true],
    ["radio", { tagName: "INPUT", type: "radio" }, false],
    ["submit button input", { tagName: "INPUT", type: "SUBMIT" }, false],
    ["link", { tagName: "A" }, false],
    ["nothing", null, false],
  ])("%s", (_, target, expected) => {
    expect(isTyping(target)).toBe(expected);
  });
});

describe("moveSelection", () => {
  it.each<[number, number, "next" | "previous", number]>([
    [-1, 3, "next", 0],
    [-1, 3, "previous", 2],
    [0, 3, "next", 1],
    [2, 3, "next", 2],
    [0, 3, "previous", 0],
    [2, 3, "previous", 1],
    [5, 3, "next", 0],
    [-1, 0, "next", -1],
  ])("from %i of %i, %s -> %i", (current, count, action, expected) => {
    expect(moveSelection(current, count, action)).toBe(expected);
  });
});
