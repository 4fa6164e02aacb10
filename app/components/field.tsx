import { type FieldMetadata, getInputProps } from "@conform-to/react";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../lib/auth/password-policy";
import type { MessageKey, Translate } from "../lib/i18n";

/** An error's catalog key; anything else (a library's own message) reads as a generic one. */
function errorKey(error: string, t: Translate): MessageKey {
  return t.has(error) ? error : "form.invalidValue";
}

/** Values every error message may use. */
const ERROR_VALUES = { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH };

export function ErrorList({
  id,
  errors,
  t,
  values,
}: {
  id?: string;
  errors?: string[];
  t: Translate;
  values?: Record<string, string | number>;
}) {
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors">
      {errors.map((error) => (
        <li key={error}>{t(errorKey(error, t), { ...ERROR_VALUES, ...values })}</li>
      ))}
    </ul>
  );
}

type FieldProps = {
  meta: FieldMetadata<string | undefined>;
  label: string;
  type: "email" | "password" | "text" | "url";
  autoComplete: string;
  hint?: string;
  t: Translate;
  /** Values for the error messages' placeholders (e.g. `{time}` of a lockout). */
  values?: Record<string, string | number>;
};

/** A labelled input whose errors are tied to it (aria-invalid, aria-describedby). */
export function Field({ meta, label, type, autoComplete, hint, t, values }: FieldProps) {
  const hintId = hint ? `${meta.id}-hint` : undefined;
  const input = getInputProps(meta, { type, ariaAttributes: true });
  const describedBy = [input["aria-describedby"], hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <input
        {...input}
        key={input.key}
        autoComplete={autoComplete}
        aria-describedby={describedBy}
      />
      <ErrorList id={meta.errorId} errors={meta.errors} t={t} values={values} />
    </div>
  );
}

/** Errors about the whole form, announced when they appear. */
export function FormErrors({
  id,
  errors,
  t,
  values,
}: {
  id: string;
  errors?: string[];
  t: Translate;
  values?: Record<string, string | number>;
}) {
  return (
    <div role="alert" id={id}>
      {errors?.map((error) => (
        <p key={error} className="form-error">
          {t(errorKey(error, t), { ...ERROR_VALUES, ...values })}
        </p>
      ))}
    </div>
  );
}
