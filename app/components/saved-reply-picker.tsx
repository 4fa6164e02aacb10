// The ticket page's saved-reply picker, inside the message form. Without JavaScript its button posts
// the form with intent "insert": the page comes back with the saved reply after what was typed. With
// JavaScript the same button inserts the reply (its placeholders already filled by the loader) at the
// cursor in the message box, without a round trip, and says so to screen readers.
import { Link } from "@remix-run/react";
import { useState } from "react";
import { useAccountHref } from "../lib/dashboard/layout";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { ErrorList } from "./field";

export type PickerReply = { id: string; title: string; body: string };

/** Puts text into a textarea where its cursor is (replacing a selection), as if it were typed. */
export function insertAtCursor(box: HTMLTextAreaElement, text: string) {
  box.focus();
  box.setRangeText(text, box.selectionStart, box.selectionEnd, "end");
  // Form libraries (conform) and the browser's own undo follow input events.
  box.dispatchEvent(new Event("input", { bubbles: true }));
}

export function SavedReplyPicker({
  replies,
  messageBoxId,
  error,
}: {
  replies: PickerReply[];
  messageBoxId: string;
  /** A catalog key, when a picker submission without JavaScript was refused. */
  error?: string;
}) {
  const t = useDashboardTranslate();
  const href = useAccountHref();
  const [choice, setChoice] = useState("");
  const [inserted, setInserted] = useState(0);
  if (replies.length === 0) {
    return (
      <p className="field-hint">
        {t("savedReplies.picker.none")}{" "}
        <Link to={href("/saved-replies")}>{t("savedReplies.picker.manage")}</Link>
      </p>
    );
  }
  const errorId = "saved-reply-error";
  return (
    <div className="filters">
      <div className="field">
        <label htmlFor="saved-reply">{t("savedReplies.picker")}</label>
        <p id="saved-reply-hint" className="field-hint">
          {t("savedReplies.picker.hint")}
        </p>
        <select
          id="saved-reply"
          name="savedReply"
          value={choice}
          onChange={(event) => setChoice(event.currentTarget.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `saved-reply-hint ${errorId}` : "saved-reply-hint"}
        >
          <option value="">{t("savedReplies.picker.choose")}</option>
          {replies.map((reply) => (
            <option key={reply.id} value={reply.id}>
              {reply.title}
            </option>
          ))}
        </select>
        <ErrorList id={errorId} errors={error ? [error] : undefined} t={t} />
      </div>
      <button
        type="submit"
        name="intent"
        value="insert"
        className="button secondary"
        onClick={(event) => {
          const reply = replies.find((entry) => entry.id === choice);
          const box = document.getElementById(messageBoxId);
          // Nothing chosen: the server answers with the message next to the picker.
          if (!reply || !(box instanceof HTMLTextAreaElement)) return;
          event.preventDefault();
          insertAtCursor(box, reply.body);
          setInserted((count) => count + 1);
        }}
      >
        {t("savedReplies.picker.insert")}
      </button>
      <p role="status" className="visually-hidden">
        {inserted > 0 ? t("savedReplies.picker.inserted") : ""}
      </p>
    </div>
  );
}
