import { type FieldMetadata, getSelectProps, getTextareaProps } from "@conform-to/react";
import type { DashboardTranslate } from "../lib/i18n/dashboard";
import { ErrorList, Field } from "./field";

type Fields = {
  name: FieldMetadata<string | undefined>;
  email: FieldMetadata<string | undefined>;
  membershipEmail: FieldMetadata<string | undefined>;
  companyId: FieldMetadata<string | undefined>;
  jobTitle: FieldMetadata<string | undefined>;
  properties: FieldMetadata<string | undefined>;
};

/** The contact's fields, for creating and editing alike. */
export function ContactFields({
  fields,
  companies,
  t,
}: {
  fields: Fields;
  companies: { id: string; name: string }[];
  t: DashboardTranslate;
}) {
  const company = getSelectProps(fields.companyId, { ariaAttributes: true });
  const properties = getTextareaProps(fields.properties, { ariaAttributes: true });
  return (
    <>
      <Field meta={fields.name} label={t("contacts.name")} type="text" autoComplete="off" t={t} />
      <Field
        meta={fields.email}
        label={t("contacts.email")}
        type="email"
        autoComplete="off"
        t={t}
      />
      <Field
        meta={fields.membershipEmail}
        label={t("contacts.membershipEmail")}
        hint={t("contacts.membershipEmail.hint")}
        type="email"
        autoComplete="off"
        t={t}
      />
      <div className="field">
        <label htmlFor={fields.companyId.id}>{t("contacts.company")}</label>
        <select {...company} key={company.key}>
          <option value="">{t("contacts.noCompany")}</option>
          {companies.map((option) => (
            <option key={option.id} value={option.id}>
              {option.name}
            </option>
          ))}
        </select>
        <ErrorList id={fields.companyId.errorId} errors={fields.companyId.errors} t={t} />
      </div>
      <Field
        meta={fields.jobTitle}
        label={t("contacts.jobTitle")}
        type="text"
        autoComplete="off"
        t={t}
      />
      <div className="field">
        <label htmlFor={fields.properties.id}>{t("contacts.properties")}</label>
        <p id={`${fields.properties.id}-hint`} className="field-hint">
          {t("contacts.properties.hint")}
        </p>
        <textarea
          {...properties}
          key={properties.key}
          rows={4}
          aria-describedby={[properties["aria-describedby"], `${fields.properties.id}-hint`]
            .filter(Boolean)
            .join(" ")}
        />
        <ErrorList id={fields.properties.errorId} errors={fields.properties.errors} t={t} />
      </div>
    </>
  );
}
