import {
  type FieldMetadata,
  getFormProps,
  getInputProps,
  getSelectProps,
  useForm,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { TICKET_STATUSES, type TicketStatus } from "../../db/schema";
import { DoneNotice } from "../components/done-notice";
import { ErrorList, FormErrors } from "../components/field";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountHref } from "../lib/dashboard/layout";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { CATALOGS, portalLanguage } from "../lib/i18n";
import { type DashboardKey, useDashboardTranslate } from "../lib/i18n/dashboard";
import { requirePagePortal } from "../lib/portals/queries.server";
import { updatePortal } from "../lib/portals/settings.server";
import {
  DISPLAY_PLACES,
  type DisplayPlace,
  DisplaySchema,
  displayFromForm,
  POSITION_MAX,
  propertyOrder,
  STAGE_LABEL_MAX,
} from "../lib/portals/settings-forms";
import { languageName, tabMeta } from "../lib/portals/settings-page";
import type { TicketProperty } from "../lib/tickets/display";
import { SORTS } from "../lib/tickets/list-params";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta = tabMeta("portalTabs.display");

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const { portal, domain } = await requirePagePortal(args, account.id);
  const language = portalLanguage(domain.primaryLanguage);
  const display = portal.displaySettings;
  return {
    language: languageName(language),
    // Portico's own word for each stage in the portal's language: what an empty label shows.
    defaults: Object.fromEntries(
      TICKET_STATUSES.map((status) => [status, CATALOGS[language][`status.${status}`]]),
    ) as Record<TicketStatus, string>,
    list: propertyOrder(display.listProperties),
    detail: propertyOrder(display.detailProperties),
    stageLabels: display.stageLabels,
    defaultSort: display.defaultSort,
    listClosedTickets: display.listClosedTickets,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { account, user } = await requireAccountMember(args, handle);
  const found = await requirePagePortal(args, account.id);
  const submission = parseWithZod(await args.request.formData(), { schema: DisplaySchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, 400);
  const outcome = await updatePortal(
    { db: args.context.db, actorUserId: user.id, forgetHost: args.context.forgetHost },
    found,
    { displaySettings: displayFromForm(submission.value, found.portal.displaySettings) },
  );
  if (outcome === "conflict") {
    return data({ result: submission.reply({ formErrors: ["portalSettings.conflict"] }) }, 409);
  }
  return redirect(`/a/${account.slug}/portals/${found.portal.id}/display?done=${outcome}`);
}

const PROPERTY_NAMES: Record<TicketProperty, DashboardKey> = {
  number: "portalSettings.property.number",
  status: "portalSettings.property.status",
  priority: "portalSettings.property.priority",
  category: "portalSettings.property.category",
  created: "portalSettings.property.created",
  last_activity: "portalSettings.property.last_activity",
  assignee: "portalSettings.property.assignee",
};

const PLACE_NAMES: Record<DisplayPlace, DashboardKey> = {
  list: "portalSettings.display.list",
  detail: "portalSettings.display.detail",
};

type Row = { shown: string; position: string };
type DisplayFormShape = {
  intent: string;
  list: Record<TicketProperty, Row>;
  detail: Record<TicketProperty, Row>;
  stage: Record<TicketStatus, string>;
  defaultSort: string;
  listClosedTickets: string;
};

function rowsDefault(rows: { property: TicketProperty; shown: boolean }[]) {
  return Object.fromEntries(
    rows.map((row, index) => [
      row.property,
      { shown: row.shown ? "on" : "", position: String(index + 1) },
    ]),
  ) as Record<TicketProperty, Row>;
}

function PropertyTable({
  place,
  rows,
  meta,
}: {
  place: DisplayPlace;
  rows: { property: TicketProperty; shown: boolean }[];
  meta: FieldMetadata<Record<TicketProperty, Row>>;
}) {
  const t = useDashboardTranslate();
  const fieldset = meta.getFieldset();
  const shownCount = rows.filter((row) => row.shown).length;
  const placeName = t(PLACE_NAMES[place]);
  return (
    <table className="settings-table">
      <caption>{placeName}</caption>
      <thead>
        <tr>
          <th scope="col">{t("portalSettings.display.shown")}</th>
          <th scope="col">{t("portalSettings.position")}</th>
          <th scope="col">{t("portalSettings.move")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => {
          const cells = (fieldset[row.property] as FieldMetadata<Row>).getFieldset();
          const name = t(PROPERTY_NAMES[row.property]);
          return (
            <tr key={row.property}>
              <td>
                <div className="checkbox">
                  <input
                    {...getInputProps(cells.shown, { type: "checkbox", value: "on" })}
                    key={cells.shown.key}
                  />
                  <label htmlFor={cells.shown.id}>{name}</label>
                </div>
              </td>
              <td>
                <label htmlFor={cells.position.id} className="visually-hidden">
                  {t("portalSettings.positionOf", { property: name, place: placeName })}
                </label>
                <input
                  {...getInputProps(cells.position, { type: "number", ariaAttributes: true })}
                  key={cells.position.key}
                  min={1}
                  max={POSITION_MAX}
                  className="position"
                />
                <ErrorList id={cells.position.errorId} errors={cells.position.errors} t={t} />
              </td>
              <td className="move">
                {row.shown && index > 0 ? (
                  <button
                    type="submit"
                    name="intent"
                    value={`move:${place}.${row.property}.up`}
                    className="button secondary small"
                  >
                    {t("portalSettings.up")}
                    <span className="visually-hidden">
                      {t("portalSettings.moveOf", { property: name, place: placeName })}
                    </span>
                  </button>
                ) : null}
                {row.shown && index < shownCount - 1 ? (
                  <button
                    type="submit"
                    name="intent"
                    value={`move:${place}.${row.property}.down`}
                    className="button secondary small"
                  >
                    {t("portalSettings.down")}
                    <span className="visually-hidden">
                      {t("portalSettings.moveOf", { property: name, place: placeName })}
                    </span>
                  </button>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export default function DisplayTab() {
  const t = useDashboardTranslate();
  const href = useAccountHref();
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<DisplayFormShape>({
    lastResult: actionData?.result,
    defaultValue: {
      list: rowsDefault(loaded.list),
      detail: rowsDefault(loaded.detail),
      stage: loaded.stageLabels,
      defaultSort: loaded.defaultSort,
      listClosedTickets: loaded.listClosedTickets ? "on" : "",
    },
  });
  const stages = fields.stage.getFieldset();
  return (
    <>
      <h2>{t("portalTabs.display")}</h2>
      <DoneNotice />
      <p className="muted">{t("portalTabs.propagation")}</p>
      <p>
        <Link to="../preview" relative="path">
          {t("portalSettings.preview.link")}
        </Link>
      </p>
      <Form method="post" {...getFormProps(form)} className="stack wide">
        {/* The first submit button is the one Enter presses: saving, never a move. */}
        <button type="submit" name="intent" value="save" hidden />
        <FormErrors id={form.errorId} errors={form.errors} t={t} />
        <p>{t("portalSettings.display.intro")}</p>
        {DISPLAY_PLACES.map((place) => (
          <PropertyTable key={place} place={place} rows={loaded[place]} meta={fields[place]} />
        ))}
        <fieldset>
          <legend>{t("portalSettings.stages")}</legend>
          <p className="field-hint">
            {t("portalSettings.stages.hint", { language: loaded.language })}
          </p>
          {TICKET_STATUSES.map((status) => {
            const meta = stages[status];
            return (
              <div className="field" key={status}>
                <label htmlFor={meta.id}>{t(`portalSettings.stage.${status}`)}</label>
                <p id={`${meta.id}-hint`} className="field-hint">
                  {t("portalSettings.stage.default", { label: loaded.defaults[status] })}
                </p>
                <input
                  {...getInputProps(meta, { type: "text", ariaAttributes: true })}
                  key={meta.key}
                  maxLength={STAGE_LABEL_MAX}
                  aria-describedby={[meta.errors ? meta.errorId : "", `${meta.id}-hint`]
                    .filter(Boolean)
                    .join(" ")}
                />
                <ErrorList
                  id={meta.errorId}
                  errors={meta.errors}
                  t={t}
                  values={{ max: STAGE_LABEL_MAX }}
                />
              </div>
            );
          })}
        </fieldset>
        <div className="field">
          <label htmlFor={fields.defaultSort.id}>{t("portalSettings.defaultSort")}</label>
          <select {...getSelectProps(fields.defaultSort)} key={fields.defaultSort.key}>
            {SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {t(`tickets.sort.${sort}`)}
              </option>
            ))}
          </select>
          <ErrorList id={fields.defaultSort.errorId} errors={fields.defaultSort.errors} t={t} />
        </div>
        <div className="checkbox">
          <input
            {...getInputProps(fields.listClosedTickets, { type: "checkbox", value: "on" })}
            key={fields.listClosedTickets.key}
          />
          <label htmlFor={fields.listClosedTickets.id}>{t("portalSettings.listClosed")}</label>
        </div>
        <button type="submit" name="intent" value="save" className="button">
          {t("portalSettings.save")}
        </button>
      </Form>
      <p>
        <Link to={href("/audit?action=portal.update")}>{t("portalSettings.auditLink")}</Link>
      </p>
    </>
  );
}
