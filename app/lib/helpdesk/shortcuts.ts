// The help desk's single-key shortcuts (WCAG 2.1.4): which action a key press means, on which page,
// decided from the event alone so the rules are testable without a browser. A single key never acts
// while the agent types in a field or holds a modifier, and none act when the agent turned them off.

export type ShortcutScope = "queue" | "ticket";
export type ShortcutAction = "next" | "previous" | "open" | "reply" | "note" | "help";

/** What of a key event the rules read: a DOM KeyboardEvent fits. */
export type KeyPress = {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** An IME composing a character: its keys are text, not commands. */
  isComposing?: boolean;
  defaultPrevented?: boolean;
  target?: KeyTarget | null;
};

/** What of the event's target the rules read: a DOM Element fits. */
export type KeyTarget = {
  tagName?: string;
  isContentEditable?: boolean;
  /** For an <input>: checkboxes and buttons take no text, so shortcuts stay on over them. */
  type?: string;
};

/** Each page's keys, in the order the shortcuts dialog lists them. */
export const SHORTCUTS: Record<
  ShortcutScope,
  readonly { keys: string[]; action: ShortcutAction }[]
> = {
  queue: [
    { keys: ["j"], action: "next" },
    { keys: ["k"], action: "previous" },
    { keys: ["o", "Enter"], action: "open" },
    { keys: ["?"], action: "help" },
  ],
  ticket: [
    { keys: ["r"], action: "reply" },
    { keys: ["n"], action: "note" },
    { keys: ["?"], action: "help" },
  ],
};

const TEXT_INPUT_TYPES_WITHOUT_TEXT = new Set([
  "checkbox",
  "radio",
  "button",
  "submit",
  "reset",
  "image",
  "file",
  "color",
  "range",
]);

/** True when keys pressed over the target are typing: a text field, a select, editable content. */
export function isTyping(target: KeyTarget | null | undefined): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName?.toLowerCase();
  if (tag === "textarea" || tag === "select") return true;
  if (tag === "input")
    return !TEXT_INPUT_TYPES_WITHOUT_TEXT.has((target.type ?? "text").toLowerCase());
  return false;
}

/** Elements whose own Enter means something (follow the link, press the button): left to them. */
function ownsEnter(target: KeyTarget | null | undefined): boolean {
  const tag = target?.tagName?.toLowerCase();
  return tag === "a" || tag === "button" || tag === "input" || tag === "summary";
}

/**
 * The action the key press means on this page, or null when it means nothing here: shortcuts off,
 * typing in a field, a modifier held (Ctrl/⌘/Alt combinations belong to the browser and assistive
 * technology), an event already handled, or a key without a shortcut. Shift is allowed: `?` needs it
 * on most layouts, and a shifted letter is another key ("J", not "j").
 */
export function shortcutFor(
  event: KeyPress,
  scope: ShortcutScope,
  enabled: boolean,
): ShortcutAction | null {
  if (!enabled || event.defaultPrevented || event.isComposing) return null;
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isTyping(event.target)) return null;
  if (event.key === "Enter" && ownsEnter(event.target)) return null;
  const shortcut = SHORTCUTS[scope].find((entry) => entry.keys.includes(event.key));
  return shortcut?.action ?? null;
}

/** The row a move lands on: from none selected, "next" takes the first and "previous" the last. */
export function moveSelection(current: number, count: number, action: "next" | "previous"): number {
  if (count === 0) return -1;
  if (current < 0 || current >= count) return action === "next" ? 0 : count - 1;
  return action === "next" ? Math.min(current + 1, count - 1) : Math.max(current - 1, 0);
}
