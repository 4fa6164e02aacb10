import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  type SubmissionResult,
  useForm,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { DoneNotice } from "../components/done-notice";
import { ErrorList, FormErrors } from "../components/field";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { newId } from "../lib/db/ids";
import { type DashboardKey, useDashboardTranslate } from "../lib/i18n/dashboard";
import { requirePagePortal } from "../lib/portals/queries.server";
import { updatePortal } from "../lib/portals/settings.server";
import {
  AddFieldSchema,
  addedField,
  FIELD_LABEL_MAX,
  FIELD_OPTION_MAX,
  FIELD_OPTIONS_MAX,
  FIELD_TYPES,
  type FieldType,
  FORM_FIELDS_MAX,
  POSITION_MAX,
  SupportFormSchema,
  supportFormFromForm,
  TYPES_WITH_OPTIONS,
} from "../lib/portals/settings-forms";
import { tabMeta } from "../lib/portals/settings-page";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta = tabMeta("portalTabs.form");

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const { portal } = await requirePagePortal(args, account.id);
  return { fields: portal.supportForm };
}

type Answer = { form: "fields" | "add"; result: SubmissionResult<string[]> };

export async function action(args: ActionFunctionArgs) {
  const { account, user } = await requireAccountMember(args, handle);
  const found = await requirePagePortal(args, account.id);
  const formData = await args.request.formData();
  const current = found.portal.supportForm;
  const adding = formData.get("intent") === "add";
  const form = adding ? "add" : "fields";
  const refuse = (result: SubmissionResult<string[]>, status = 400) =>
    data<Answer>({ form, result }, status);

  let change: ReturnType<typeof addedField>;
  let reply: (options: {
    formErrors?: string[];
    fieldErrors?: Record<string, string[]>;
  }) => SubmissionResult<string[]>;
  if (adding) {
    const submission = parseWithZod(formData, { schema: AddFieldSchema });
    if (submission.status !== "success") return refuse(submission.reply());
    // The key is the server's: random, never derived from the label, never reused.
    change = addedField(submission.value, current, newId("f"));
    reply = (options) => submission.reply(options);
  } else {
    const submission = parseWithZod(formData, { schema: SupportFormSchema });
    if (submission.status !== "success") return refuse(submission.reply());
    change = supportFormFromForm(submission.value, current);
    reply = (options) => submission.reply(options);
  }
  if (!change.ok) {
    return refuse(
      reply({
        formErrors: change.formError ? [change.formError] : undefined,
        fieldErrors: change.fieldErrors,
      }),
    );
  }
  const outcome = await updatePortal(
    { db: args.context.db, actorUserId: user.id, forgetHost: args.context.forgetHost },
    found,
    { supportForm: change.fields },
  );
  if (outcome === "conflict")
    return refuse(reply({ formErrors: ["portalSettings.conflict"] }), 409);
  return redirect(`/a/${account.slug}/portals/${found.portal.id}/form?done=${outcome}`);
}

const TYPE_NAMES: Record<FieldType, DashboardKey> = {
  text: "portalSettings.field.type.text",
  select: "portalSettings.field.type.select",
  checkbox: "portalSettings.field.type.checkbox",
  category: "portalSettings.field.type.category",
  priority: "portalSettings.field.type.priority",
};

const LIMITS = {
  max: FIELD_LABEL_MAX,
  options: FIELD_OPTIONS_MAX,
  option: FIELD_OPTION_MAX,
  fields: FORM_FIELDS_MAX,
};

type Row = { key: string; label: string; required: string; options: string; position: string };

export default function SupportFormTab() {
  const t = useDashboardTranslate();
  const { fields: current } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, formFields] = useForm<{ intent: string; fields: Row[] }>({
    id: "fields",
    lastResult: actionData?.form === "fields" ? actionData.result : undefined,
    defaultValue: {
      fields: current.map((field, index) => ({
        key: field.key,
        label: field.label,
        required: field.required ? "on" : "",
        options: (field.options ?? []).join("\n"),
        position: String(index + 1),
      })),
    },
  });
  const [add, addFields] = useForm<{
    intent: string;
    type: string;
    label: string;
    required: string;
    options: string;
  }>({
    id: "add",
    lastResult: actionData?.form === "add" ? actionData.result : undefined,
    defaultValue: { type: "text" },
  });
  const rows = formFields.fields.getFieldList();
  return (
    <>
      <h2>{t("portalTabs.form")}</h2>
      <DoneNotice />
      <p>{t("portalSettings.form.intro")}</p>
      <p className="muted">{t("portalSettings.form.answersKept")}</p>
      {current.length === 0 ? (
        <p className="empty">{t("portalSettings.form.empty")}</p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="stack wide">
          {/* The first submit button is the one Enter presses: saving, never a move or removal. */}
          <button type="submit" name="intent" value="save" hidden />
          <FormErrors id={form.errorId} errors={form.errors} t={t} values={LIMITS} />
          {rows.map((rowMeta, index) => {
            const field = current[index];
            if (!field) return null;
            const row = rowMeta.getFieldset();
            const name = field.label;
            return (
              <fieldset key={field.key} className="form-field">
                <legend>
                  {t("portalSettings.field.legend", {
                    position: index + 1,
                    label: name,
                    type: t(TYPE_NAMES[field.type]),
                  })}
                </legend>
                <input {...getInputProps(row.key, { type: "hidden" })} key={row.key.key} />
                <div className="field">
                  <label htmlFor={row.label.id}>{t("portalSettings.field.label")}</label>
                  <input
                    {...getInputProps(row.label, { type: "text", ariaAttributes: true })}
                    key={row.label.key}
                    maxLength={FIELD_LABEL_MAX}
                  />
                  <ErrorList
                    id={row.label.errorId}
                    errors={row.label.errors}
                    t={t}
                    values={LIMITS}
                  />
                </div>
                {TYPES_WITH_OPTIONS.includes(field.type) ? (
                  <div className="field">
                    <label htmlFor={row.options.id}>{t("portalSettings.field.options")}</label>
                    <p id={`${row.options.id}-hint`} className="field-hint">
                      {t("portalSettings.field.options.hint", LIMITS)}
                    </p>
                    <textarea
                      {...getTextareaProps(row.options, { ariaAttributes: true })}
                      key={row.options.key}
                      rows={4}
                      aria-describedby={[
                        row.options.errors ? row.options.errorId : "",
                        `${row.options.id}-hint`,
                      ]
                        .filter(Boolean)
                        .join(" ")}
                    />
                    <ErrorList
                      id={row.options.errorId}
                      errors={row.options.errors}
                      t={t}
                      values={LIMITS}
                    />
                  </div>
                ) : null}
                <div className="checkbox">
                  <input
                    {...getInputProps(row.required, { type: "checkbox", value: "on" })}
                    key={row.required.key}
                  />
                  <label htmlFor={row.required.id}>{t("portalSettings.field.required")}</label>
                </div>
                <div className="field">
                  <label htmlFor={row.position.id}>{t("portalSettings.position")}</label>
                  <input
                    {...getInputProps(row.position, { type: "number", ariaAttributes: true })}
                    key={row.position.key}
                    min={1}
                    max={POSITION_MAX}
                    className="position"
                  />
                  <ErrorList id={row.position.errorId} errors={row.position.errors} t={t} />
                </div>
                <div className="actions">
                  {index > 0 ? (
                    <button
                      type="submit"
                      name="intent"
                      value={`move:${field.key}.up`}
                      className="button secondary small"
                    >
                      {t("portalSettings.up")}
                      <span className="visually-hidden">
                        {t("portalSettings.field.moveOf", { label: name })}
                      </span>
                    </button>
                  ) : null}
                  {index < current.length - 1 ? (
                    <button
                      type="submit"
                      name="intent"
                      value={`move:${field.key}.down`}
                      className="button secondary small"
                    >
                      {t("portalSettings.down")}
                      <span className="visually-hidden">
                        {t("portalSettings.field.moveOf", { label: name })}
                      </span>
                    </button>
                  ) : null}
                  <button
                    type="submit"
                    name="intent"
                    value={`remove:${field.key}`}
                    className="button secondary small"
                  >
                    {t("portalSettings.field.remove")}
                    <span className="visually-hidden">: {name}</span>
                  </button>
                </div>
              </fieldset>
            );
          })}
          <button type="submit" name="intent" value="save" className="button">
            {t("portalSettings.save")}
          </button>
        </Form>
      )}

      <section aria-labelledby="add-field">
        <h3 id="add-field">{t("portalSettings.field.add")}</h3>
        {current.length >= FORM_FIELDS_MAX ? (
          <p>{t("portalSettings.form.tooMany", LIMITS)}</p>
        ) : (
          <Form method="post" {...getFormProps(add)} className="stack">
            <input type="hidden" name="intent" value="add" />
            <FormErrors id={add.errorId} errors={add.errors} t={t} values={LIMITS} />
            <div className="field">
              <label htmlFor={addFields.type.id}>{t("portalSettings.field.type")}</label>
              <select
                {...getSelectProps(addFields.type, { ariaAttributes: true })}
                key={addFields.type.key}
              >
                {FIELD_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(TYPE_NAMES[type])}
                  </option>
                ))}
              </select>
              <ErrorList id={addFields.type.errorId} errors={addFields.type.errors} t={t} />
            </div>
            <div className="field">
              <label htmlFor={addFields.label.id}>{t("portalSettings.field.label")}</label>
              <input
                {...getInputProps(addFields.label, { type: "text", ariaAttributes: true })}
                key={addFields.label.key}
                maxLength={FIELD_LABEL_MAX}
              />
              <ErrorList
                id={addFields.label.errorId}
                errors={addFields.label.errors}
                t={t}
                values={LIMITS}
              />
            </div>
            <div className="field">
              <label htmlFor={addFields.options.id}>{t("portalSettings.field.options")}</label>
              <p id={`${addFields.options.id}-hint`} className="field-hint">
                {t("portalSettings.field.options.addHint", LIMITS)}
              </p>
              <textarea
                {...getTextareaProps(addFields.options, { ariaAttributes: true })}
                key={addFields.options.key}
                rows={4}
                aria-describedby={[
                  addFields.options.errors ? addFields.options.errorId : "",
                  `${addFields.options.id}-hint`,
                ]
                  .filter(Boolean)
                  .join(" ")}
              />
              <ErrorList
                id={addFields.options.errorId}
                errors={addFields.options.errors}
                t={t}
                values={LIMITS}
              />
            </div>
            <div className="checkbox">
              <input
                {...getInputProps(addFields.required, { type: "checkbox", value: "on" })}
                key={addFields.required.key}
              />
              <label htmlFor={addFields.required.id}>{t("portalSettings.field.required")}</label>
            </div>
            <button type="submit" className="button">
              {t("portalSettings.field.addSubmit")}
            </button>
          </Form>
        )}
      </section>
    </>
  );
}
