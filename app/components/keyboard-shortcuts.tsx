// The help desk's single-key shortcuts in the browser: one keydown listener that asks the pure rules
// (app/lib/helpdesk/shortcuts.ts) what a key means and does it, and the "Keyboard shortcuts" button
// with its dialog (also opened by `?`). Shortcuts need JavaScript, so the button appears only once
// the page runs it; without JavaScript every page works through its links and forms alone.
import { Link } from "@remix-run/react";
import { Fragment, useEffect, useRef, useState } from "react";
import {
  moveSelection,
  SHORTCUTS,
  type ShortcutAction,
  type ShortcutScope,
  shortcutFor,
} from "../lib/helpdesk/shortcuts";
import { useDashboardTranslate } from "../lib/i18n/dashboard";

/** The queue's rows, and the link that opens each (the subject). */
const ROWS = "[data-queue] tbody tr";
const ROW_LINK = "th a";
/** The ticket page's message box: replies and notes are written in it. */
const MESSAGE_BOX = "textarea[data-reply]";

function queueRows(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>(ROWS));
}

/** Marks one row selected (and only that one) and moves the focus to its link. */
function selectRow(rows: HTMLElement[], index: number) {
  rows.forEach((row, at) => {
    if (at === index) row.setAttribute("data-selected", "");
    else row.removeAttribute("data-selected");
  });
  const link = rows[index]?.querySelector<HTMLElement>(ROW_LINK);
  link?.focus();
  link?.scrollIntoView({ block: "nearest" });
}

/** The selected row: the one holding the focus, else the one last marked. */
function selectedIndex(rows: HTMLElement[]): number {
  const focused = document.activeElement?.closest("tr");
  const byFocus = focused ? rows.indexOf(focused as HTMLElement) : -1;
  return byFocus >= 0 ? byFocus : rows.findIndex((row) => row.hasAttribute("data-selected"));
}

/** Does what the action means on the page; false when there is nothing to do it to. */
function perform(action: Exclude<ShortcutAction, "help">): boolean {
  if (action === "reply" || action === "note") {
    const box = document.querySelector<HTMLTextAreaElement>(MESSAGE_BOX);
    box?.focus();
    return Boolean(box);
  }
  const rows = queueRows();
  if (rows.length === 0) return false;
  const current = selectedIndex(rows);
  if (action === "open") {
    const link = rows[current]?.querySelector<HTMLElement>(ROW_LINK);
    link?.click();
    return Boolean(link);
  }
  selectRow(rows, moveSelection(current, rows.length, action));
  return true;
}

/**
 * Opens the dialog (unless open) on its close button; answers what held the focus before, to give
 * it back on close, or undefined when nothing opened.
 */
function showDialog(
  dialog: HTMLDialogElement | null,
  closeButton: HTMLButtonElement | null,
): HTMLElement | null | undefined {
  if (!dialog || dialog.open) return undefined;
  const from = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  dialog.showModal();
  // Start on the dialog's one action, so Enter or Space closes it as readily as Escape does.
  closeButton?.focus();
  return from;
}

const LABELS = {
  next: "shortcuts.next",
  previous: "shortcuts.previous",
  open: "shortcuts.open.ticket",
  reply: "shortcuts.reply",
  note: "shortcuts.note",
  help: "shortcuts.help",
} as const;

export function KeyboardShortcuts({
  scope,
  enabled,
}: {
  scope: ShortcutScope;
  /** The agent's preference (agents.keyboard_shortcuts): off means no key does anything. */
  enabled: boolean;
}) {
  const t = useDashboardTranslate();
  const [hydrated, setHydrated] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);

  useEffect(() => setHydrated(true), []);

  const openHelp = () => {
    const from = showDialog(dialog.current, closeButton.current);
    if (from !== undefined) returnFocus.current = from;
  };

  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      // Keys pressed inside the open dialog are the dialog's (Escape closes it natively).
      if (dialog.current?.open) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      const action = shortcutFor(
        {
          key: event.key,
          ctrlKey: event.ctrlKey,
          metaKey: event.metaKey,
          altKey: event.altKey,
          isComposing: event.isComposing,
          defaultPrevented: event.defaultPrevented,
          target: target && {
            tagName: target.tagName,
            isContentEditable: target.isContentEditable,
            type: target instanceof HTMLInputElement ? target.type : undefined,
          },
        },
        scope,
        enabled,
      );
      if (!action) return;
      if (action === "help") {
        event.preventDefault();
        const from = showDialog(dialog.current, closeButton.current);
        if (from !== undefined) returnFocus.current = from;
        return;
      }
      // preventDefault keeps the key from also being typed into the box it focuses.
      if (perform(action)) event.preventDefault();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [enabled, scope]);

  if (!hydrated || !enabled) return null;
  const headingId = `shortcuts-${scope}-heading`;
  const everywhere = SHORTCUTS[scope].filter((entry) => entry.action === "help");
  const onPage = SHORTCUTS[scope].filter((entry) => entry.action !== "help");
  const rows = (entries: typeof onPage) =>
    entries.map((entry) => (
      <Fragment key={entry.action}>
        <dt>
          {entry.keys.map((key, at) => (
            <Fragment key={key}>
              {at > 0 ? " / " : null}
              <kbd>{key}</kbd>
            </Fragment>
          ))}
        </dt>
        <dd>{t(LABELS[entry.action])}</dd>
      </Fragment>
    ));
  return (
    <>
      <p>
        <button
          type="button"
          className="button secondary"
          onClick={openHelp}
          aria-haspopup="dialog"
        >
          {t("shortcuts.open")}
        </button>
      </p>
      <dialog
        ref={dialog}
        className="shortcuts-dialog"
        aria-labelledby={headingId}
        onClose={() => {
          returnFocus.current?.focus();
          returnFocus.current = null;
        }}
      >
        <h2 id={headingId}>{t("shortcuts.title")}</h2>
        <p>
          {t("shortcuts.intro")} <Link to="/profile/help-desk">{t("shortcuts.preferences")}</Link>
        </p>
        <h3>{t(scope === "queue" ? "shortcuts.queue" : "shortcuts.ticket")}</h3>
        <dl className="details">{rows(onPage)}</dl>
        <h3>{t("shortcuts.everywhere")}</h3>
        <dl className="details">
          {rows(everywhere)}
          <dt>
            <kbd>Escape</kbd>
          </dt>
          <dd>{t("shortcuts.escape")}</dd>
        </dl>
        <form method="dialog">
          <button type="submit" className="button" ref={closeButton}>
            {t("shortcuts.close")}
          </button>
        </form>
      </dialog>
    </>
  );
}
