import { type FieldMetadata, getTextareaProps } from "@conform-to/react";
import type { DashboardTranslate } from "../lib/i18n/dashboard";
import { ErrorList, Field } from "./field";

/** A saved reply's title and body, as the create and edit forms both show them. */
export function SavedReplyFields({
  fields,
  rows,
  t,
}: {
  fields: { title: FieldMetadata<string | undefined>; body: FieldMetadata<string | undefined> };
  rows: number;
  t: DashboardTranslate;
}) {
  const body = getTextareaProps(fields.body, { ariaAttributes: true });
  return (
    <>
      <Field
        meta={fields.title}
        label={t("savedReplies.name")}
        type="text"
        autoComplete="off"
        t={t}
      />
      <div className="field">
        <label htmlFor={fields.body.id}>{t("savedReplies.body")}</label>
        <textarea {...body} key={body.key} rows={rows} />
        <ErrorList id={fields.body.errorId} errors={fields.body.errors} t={t} />
      </div>
    </>
  );
}
