import { getFormProps, getInputProps, type SubmissionResult, useForm } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import type { MessageKey } from "../lib/i18n";
import { usePortal } from "../lib/portals/layout";
import { ErrorList, Field, FormErrors } from "./field";

export type SetPasswordPageData =
  | { valid: false }
  | { valid: true; email: string; consent: { text: string; requireCheckbox: boolean } | null };

type Props = {
  page: SetPasswordPageData;
  result?: SubmissionResult<string[]>;
  title: MessageKey;
  submit: MessageKey;
  note?: MessageKey;
  /** Where to ask for a new link when this one is spent or expired. */
  again: { path: string; label: MessageKey };
};

/** Registration, invitation and reset links all end here: choose a password, maybe consent. */
export function SetPasswordPage({ page, result, title, submit, note, again }: Props) {
  const { portal, t } = usePortal();
  const [form, fields] = useForm<{ password: string; consent: string }>({ lastResult: result });
  if (!page.valid) {
    return (
      <>
        <h1>{t("link.invalid.title")}</h1>
        <p>{t("link.invalid.body")}</p>
        <p>
          <Link to={`/${portal.slug}/${again.path}`}>{t(again.label)}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t(title)}</h1>
      <p>{t("setPassword.for", { email: page.email })}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} t={t} />
        <Field
          meta={fields.password}
          label={t("setPassword.password")}
          type="password"
          autoComplete="new-password"
          hint={t("setPassword.hint", { min: 8 })}
          t={t}
        />
        {page.consent ? (
          <fieldset className="consent">
            <legend>{t("consent.heading")}</legend>
            <p>{page.consent.text}</p>
            {page.consent.requireCheckbox ? (
              <div className="checkbox">
                <input {...getInputProps(fields.consent, { type: "checkbox", value: "on" })} />
                <label htmlFor={fields.consent.id}>{t("consent.accept")}</label>
                <ErrorList id={fields.consent.errorId} errors={fields.consent.errors} t={t} />
              </div>
            ) : null}
          </fieldset>
        ) : null}
        {note ? <p>{t(note)}</p> : null}
        <button type="submit" className="button">
          {t(submit)}
        </button>
      </Form>
    </>
  );
}
