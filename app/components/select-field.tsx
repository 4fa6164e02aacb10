import { type FieldMetadata, getSelectProps } from "@conform-to/react";
import type { Translate } from "../lib/i18n";
import { ErrorList } from "./field";

export type SelectOption = { value: string; label: string };

/** A labelled select whose errors are tied to it, like `Field` for inputs. */
export function SelectField({
  meta,
  label,
  options,
  hint,
  t,
}: {
  meta: FieldMetadata<string | undefined>;
  label: string;
  options: readonly SelectOption[];
  hint?: string;
  t: Translate;
}) {
  const hintId = hint ? `${meta.id}-hint` : undefined;
  const select = getSelectProps(meta, { ariaAttributes: true });
  const describedBy = [select["aria-describedby"], hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <select {...select} key={select.key} aria-describedby={describedBy}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <ErrorList id={meta.errorId} errors={meta.errors} t={t} />
    </div>
  );
}
