// Files for a message. Without JavaScript this is a plain multiple file input in a multipart
// form. With it, files can also be dropped on the field or pasted into the form, the chosen files
// are listed with their sizes, the limits are checked before anything is sent (so a message is
// never lost to an oversized upload), and the form is sent with XMLHttpRequest, the one browser
// API that reports upload progress.
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { displayName } from "../lib/attachments/names";
import { formatBytes, type LimitProblem, limitProblems } from "../lib/attachments/sizes";

/**
 * Texts from the caller's catalog (the portal's language, or the dashboard's English). `{max}`
 * is replaced by a formatted size or count, `{name}` by a file's name.
 */
export type AttachmentInputLabels = {
  label: string;
  /** Under the label: the limits, and in the portal that files are not scanned. */
  hint?: string;
  /** The button that takes one chosen file off the list (with `{name}`). */
  remove: string;
  tooManyFiles: string;
  fileTooLarge: string;
  messageTooLarge: string;
  uploading: string;
  /** The upload broke off (network, or a refusal without a page to show). */
  failed: string;
};

type Props = {
  labels: AttachmentInputLabels;
  maxFiles: number;
  maxFileBytes: number;
  maxMessageBytes: number;
  /** For sizes: the page's language. */
  locale: string;
  name?: string;
  /** Errors from the server about these files, already in the page's language. */
  errors?: string[];
};

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (placeholder, key: string) => values[key] ?? placeholder);
}

/** Appends files to an input's own list, so the form sends them with or without our upload. */
function addFiles(input: HTMLInputElement, added: Iterable<File>): void {
  const transfer = new DataTransfer();
  for (const file of Array.from(input.files ?? [])) transfer.items.add(file);
  for (const file of added) transfer.items.add(file);
  input.files = transfer.files;
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  "#x27": "'",
  "#39": "'",
  nbsp: "\u00a0",
};

function textOf(markup: string): string {
  return markup
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x27|#39|amp|lt|gt|quot|nbsp);/g, (_, name: string) => ENTITIES[name] ?? "")
    .trim();
}

/**
 * The error messages of the page a 400 answered with (field errors and form errors, as
 * ./field.tsx renders them), for our error list. Read from the markup as text: parsing the page
 * into a document would apply its inline styles against this page's policy.
 */
function errorsInPage(html: string): string[] {
  const messages: string[] = [];
  for (const list of html.matchAll(/<ul[^>]*class="field-errors"[^>]*>([\s\S]*?)<\/ul>/g)) {
    for (const item of (list[1] ?? "").matchAll(/<li[^>]*>([\s\S]*?)<\/li>/g)) {
      messages.push(textOf(item[1] ?? ""));
    }
  }
  for (const error of html.matchAll(/<p[^>]*class="form-error"[^>]*>([\s\S]*?)<\/p>/g)) {
    messages.push(textOf(error[1] ?? ""));
  }
  return [...new Set(messages.filter(Boolean))];
}

export function AttachmentInput({
  labels,
  maxFiles,
  maxFileBytes,
  maxMessageBytes,
  locale,
  name = "files",
  errors: serverErrors,
}: Props) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorsId = `${id}-errors`;
  const progressId = `${id}-progress`;
  const inputRef = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<File[]>([]);
  const [errors, setErrors] = useState<string[]>(serverErrors ?? []);
  const [progress, setProgress] = useState<number | null>(null);
  const [dragging, setDragging] = useState(false);

  // A new answer from the server replaces what the browser found (compared by text: the array
  // itself is new on every render).
  const serverText = (serverErrors ?? []).join("\n");
  useEffect(() => setErrors(serverText ? serverText.split("\n") : []), [serverText]);

  const size = (bytes: number) => formatBytes(bytes, locale);
  const describe = (problem: LimitProblem) => {
    switch (problem.kind) {
      case "tooManyFiles":
        return fill(labels.tooManyFiles, { max: String(maxFiles) });
      case "fileTooLarge":
        return fill(labels.fileTooLarge, {
          name: displayName(problem.name),
          max: size(maxFileBytes),
        });
      case "messageTooLarge":
        return fill(labels.messageTooLarge, { max: size(maxMessageBytes) });
    }
  };
  // Once each: a message without {name} reads the same for every file too large.
  const check = (files: File[]) => [
    ...new Set(limitProblems(files, { maxFiles, maxFileBytes, maxMessageBytes }).map(describe)),
  ];
  // Kept in a ref so the listeners below, added once, always see this render's values.
  const latest = useRef({ check, labels });
  latest.current = { check, labels };

  // Stable: reads the input and the latest limits through refs.
  const refresh = useCallback(() => {
    const files = Array.from(inputRef.current?.files ?? []);
    setChosen(files);
    setErrors(latest.current.check(files));
  }, []);

  useEffect(() => {
    const input = inputRef.current;
    const form = input?.form;
    if (!input || !form) return;

    const onPaste = (event: ClipboardEvent) => {
      const files = Array.from(event.clipboardData?.files ?? []);
      if (files.length === 0) return;
      addFiles(input, files);
      refresh();
      // A paste that also carries text (from a document) still pastes the text.
      if (!event.clipboardData?.types.includes("text/plain")) event.preventDefault();
    };

    // Runs on the form itself, before React's handlers at the root: a problem stops the submit
    // there, and an upload of ours replaces the router's fetch (which cannot report progress).
    let uploading = false;
    const onSubmit = (event: SubmitEvent) => {
      // A second click while the files are on their way sends nothing twice.
      if (uploading) {
        event.preventDefault();
        event.stopPropagation();
        return;
      }
      const files = Array.from(input.files ?? []);
      const problems = latest.current.check(files);
      if (problems.length > 0) {
        event.preventDefault();
        event.stopPropagation();
        setErrors(problems);
        input.focus();
        return;
      }
      // Nothing to upload, or a field the form's own checks will report: the usual path.
      if (files.length === 0 || !form.checkValidity()) return;
      event.preventDefault();
      event.stopPropagation();
      upload(form, event.submitter);
    };

    const upload = (target: HTMLFormElement, submitter: HTMLElement | null) => {
      const body = new FormData(target, submitter);
      const request = new XMLHttpRequest();
      const failed = (messages: string[]) => {
        uploading = false;
        setProgress(null);
        setErrors(messages.length > 0 ? messages : [latest.current.labels.failed]);
        input.focus();
      };
      request.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) setProgress(event.loaded / event.total);
      });
      request.addEventListener("load", () => {
        if (request.status >= 200 && request.status < 300) {
          // The action answered with a redirect (post, redirect, get): show where it leads.
          window.location.assign(request.responseURL || target.action);
        } else if (request.status === 400) {
          failed(errorsInPage(request.responseText));
        } else {
          failed([]);
        }
      });
      request.addEventListener("error", () => failed([]));
      request.addEventListener("abort", () => failed([]));
      request.open("POST", target.action);
      uploading = true;
      setProgress(0);
      request.send(body);
    };

    // Files dropped anywhere on the form join the list (instead of the browser opening them).
    const onDragOver = (event: DragEvent) => {
      if (!event.dataTransfer?.types.includes("Files")) return;
      event.preventDefault();
      setDragging(true);
    };
    const onDragLeave = (event: DragEvent) => {
      if (!form.contains(event.relatedTarget as Node | null)) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      setDragging(false);
      const files = Array.from(event.dataTransfer?.files ?? []);
      if (files.length === 0) return;
      event.preventDefault();
      addFiles(input, files);
      refresh();
    };

    form.addEventListener("dragover", onDragOver);
    form.addEventListener("dragleave", onDragLeave);
    form.addEventListener("drop", onDrop);
    form.addEventListener("paste", onPaste);
    form.addEventListener("submit", onSubmit);
    return () => {
      form.removeEventListener("dragover", onDragOver);
      form.removeEventListener("dragleave", onDragLeave);
      form.removeEventListener("drop", onDrop);
      form.removeEventListener("paste", onPaste);
      form.removeEventListener("submit", onSubmit);
    };
  }, [refresh]);

  const remove = (index: number) => {
    const input = inputRef.current;
    if (!input) return;
    const transfer = new DataTransfer();
    Array.from(input.files ?? []).forEach((file, i) => {
      if (i !== index) transfer.items.add(file);
    });
    input.files = transfer.files;
    refresh();
    input.focus();
  };

  const describedBy = [labels.hint ? hintId : null, errors.length > 0 ? errorsId : null]
    .filter(Boolean)
    .join(" ");

  return (
    <div
      className={
        dragging ? "field attachment-input attachment-input-dragging" : "field attachment-input"
      }
    >
      <label htmlFor={id}>{labels.label}</label>
      {labels.hint ? (
        <p id={hintId} className="field-hint">
          {labels.hint}
        </p>
      ) : null}
      <input
        ref={inputRef}
        id={id}
        type="file"
        name={name}
        multiple
        aria-describedby={describedBy || undefined}
        aria-invalid={errors.length > 0 ? true : undefined}
        onChange={refresh}
      />
      {chosen.length > 0 ? (
        <ul className="attachment-chosen">
          {chosen.map((file, index) => (
            <li key={`${file.name}-${file.size}-${file.lastModified}`}>
              <bdi>{displayName(file.name)}</bdi>{" "}
              <span className="attachment-size">{size(file.size)}</span>{" "}
              <button
                type="button"
                className="link-button"
                onClick={() => remove(index)}
                disabled={progress !== null}
              >
                {fill(labels.remove, { name: displayName(file.name) })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div id={errorsId} aria-live="polite">
        {errors.length > 0 ? (
          <ul className="field-errors">
            {errors.map((error) => (
              <li key={error}>{error}</li>
            ))}
          </ul>
        ) : null}
      </div>
      {progress !== null ? (
        <p className="attachment-progress">
          <label htmlFor={progressId}>{labels.uploading}</label>{" "}
          <progress id={progressId} max={1} value={progress}>
            {Math.round(progress * 100)}%
          </progress>
        </p>
      ) : null}
    </div>
  );
}
