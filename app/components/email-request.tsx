import type { SubmissionResult } from "@conform-to/react";
import { getFormProps, useForm } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { dateTimeFormatter, type MessageKey } from "../lib/i18n";
import { usePortal } from "../lib/portals/layout";
import { Field, FormErrors } from "./field";

type Props = {
  title: string;
  intro: string;
  submit: MessageKey;
  /** Shown after a valid submission, whatever happened behind it: {email} is what was typed. */
  sent: MessageKey;
  result?: SubmissionResult<string[]>;
  sentTo?: string | null;
  /** When a refused request may be made again (the rate limit's message names it). */
  retryAt?: number | null;
  footer: { to: string; label: string };
};

/** "Register" and "forgot password": one email field, and the same neutral answer for everyone. */
export function EmailRequestPage(props: Props) {
  const { title, intro, submit, sent, result, sentTo, retryAt, footer } = props;
  const { language, timeZone, t } = usePortal();
  const time = retryAt ? dateTimeFormatter(language, timeZone).dateTime(retryAt) : "";
  const [form, fields] = useForm<{ email: string }>({ lastResult: result });
  return (
    <>
      <h1>{title}</h1>
      {sentTo ? (
        <p role="status" className="notice">
          {t(sent, { email: sentTo })}
        </p>
      ) : (
        <>
          <p>{intro}</p>
          <Form method="post" {...getFormProps(form)} className="stack">
            <FormErrors id={form.errorId} errors={form.errors} t={t} values={{ time }} />
            <Field
              meta={fields.email}
              label={t("signIn.email")}
              type="email"
              autoComplete="email"
              t={t}
            />
            <button type="submit" className="button">
              {t(submit)}
            </button>
          </Form>
        </>
      )}
      <p>
        <Link to={footer.to}>{footer.label}</Link>
      </p>
    </>
  );
}
