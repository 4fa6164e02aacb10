// One contact import: while "ready", the preview (column mapping, counts, rows with errors, start);
// once started, its progress. Progress updates without JavaScript by "Check progress" (a plain GET)
// and with it by polling the loader into an aria-live region.
import { getFormProps, getSelectProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { IMPORT_MODES } from "../../db/schema";
import { ErrorList, FormErrors } from "../components/field";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountHref } from "../lib/dashboard/layout";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import {
  findImport,
  firstRow,
  progressOf,
  remapImport,
  rowErrors,
  startImport,
} from "../lib/imports/imports.server";
import {
  IMPORT_TARGETS,
  type ImportTarget,
  mappingProblem,
  PREVIEW_ERRORS,
  type RowError,
} from "../lib/imports/rows";
import { notFound } from "../lib/tenancy/guards.server";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta: MetaFunction = () => [{ title: "Import contacts · Portico" }];

/** How often the page asks for progress while an import runs (with JavaScript). */
const POLL_MS = 2000;

const ImportFormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("map"),
    columns: z.array(z.enum(IMPORT_TARGETS, { error: "form.invalidValue" })),
  }),
  z.object({
    intent: z.literal("start"),
    mode: z.enum(IMPORT_MODES, { error: "form.required" }),
  }),
]);

async function importOf(args: LoaderFunctionArgs | ActionFunctionArgs, accountId: string) {
  const found = await findImport(args.context.db, accountId, args.params.id ?? "");
  if (!found) throw notFound();
  return found;
}

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const found = await importOf(args, account.id);
  const { db } = args.context;
  const [errors, example] = await Promise.all([rowErrors(db, found), firstRow(db, found)]);
  return {
    id: found.id,
    fileName: found.fileName,
    header: found.header,
    mapping: found.mapping,
    example,
    errors,
    progress: progressOf(found),
  };
}

type ActionData = { formId: "map" | "start"; result: SubmissionResult<string[]> };

export async function action(args: ActionFunctionArgs) {
  const { user, account } = await requireAccountMember(args, handle);
  const found = await importOf(args, account.id);
  const { db, env } = args.context;
  const formData = await args.request.formData();
  const submission = parseWithZod(formData, { schema: ImportFormSchema });
  const formId = submission.payload.intent === "start" ? "start" : "map";
  const reject = (formError?: string) =>
    data<ActionData>(
      {
        formId,
        result: submission.reply({ formErrors: formError ? [formError] : undefined }),
      },
      400,
    );
  if (submission.status !== "success") return reject();
  const value = submission.value;
  const here = `/a/${account.slug}/imports/${found.id}`;
  if (value.intent === "map") {
    if (value.columns.length !== found.header.length) return reject("form.invalidValue");
    const problem = mappingProblem(value.columns);
    if (problem) return reject(problem);
    const remapped = await remapImport(db, found, value.columns);
    return remapped ? redirect(here) : reject("imports.mapping.started");
  }
  const outcome = await startImport(db, env.IMPORT_QUEUE, {
    found,
    mode: value.mode,
    actorUserId: user.id,
  });
  return outcome.ok ? redirect(here) : reject(outcome.problem);
}

export default function ImportPage() {
  const t = useDashboardTranslate();
  const loaded = useLoaderData<typeof loader>();
  const { progress } = loaded;
  return (
    <>
      <h1>{t("imports.preview.title", { file: loaded.fileName })}</h1>
      {progress.status === "ready" ? <Preview /> : <Progress />}
      <Counts />
      <RowErrors />
    </>
  );
}

function Counts() {
  const t = useDashboardTranslate();
  const { progress } = useLoaderData<typeof loader>();
  const ready = progress.status === "ready";
  const counts: [string, number][] = [
    [t("imports.counts.total"), progress.totalRows],
    [t("imports.counts.errors"), progress.errorRows],
    ...(ready
      ? ([[t("imports.counts.valid"), progress.remainingRows]] as [string, number][])
      : ([
          [t("imports.counts.imported"), progress.importedRows],
          [t("imports.counts.skipped"), progress.skippedRows],
          [t("imports.counts.remaining"), progress.remainingRows],
        ] as [string, number][])),
  ];
  return (
    <dl className="counts">
      {counts.map(([label, count]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{count}</dd>
        </div>
      ))}
    </dl>
  );
}

function Progress() {
  const t = useDashboardTranslate();
  const href = useAccountHref();
  const { progress } = useLoaderData<typeof loader>();
  const { revalidate, state } = useRevalidator();
  const running = progress.status === "importing";
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (state === "idle") revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [running, revalidate, state]);
  const toImport = progress.totalRows - progress.errorRows;
  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading">{t("imports.progress.title")}</h2>
      <p role="status" aria-live="polite">
        {running
          ? t("imports.progress.importing", {
              done: toImport - progress.remainingRows,
              total: toImport,
            })
          : t("imports.progress.done", { imported: progress.importedRows })}
      </p>
      {running ? (
        <Form method="get">
          <button type="submit">{t("imports.progress.check")}</button>
        </Form>
      ) : (
        <p>
          <Link to={href("/contacts")}>{t("imports.progress.contacts")}</Link>{" "}
          <Link to={href("/imports/new")}>{t("imports.another")}</Link>
        </p>
      )}
    </section>
  );
}

function Preview() {
  const t = useDashboardTranslate();
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [mapForm, mapFields] = useForm({
    id: "map",
    lastResult: actionData?.formId === "map" ? actionData.result : undefined,
    defaultValue: { intent: "map", columns: loaded.mapping },
    shouldValidate: "onSubmit",
  });
  const [startForm, startFields] = useForm({
    id: "start",
    lastResult: actionData?.formId === "start" ? actionData.result : undefined,
    defaultValue: { intent: "start", mode: "" },
    shouldValidate: "onSubmit",
  });
  const columns = mapFields.columns.getFieldList();
  const modeErrorId = startFields.mode.errorId;
  return (
    <>
      <section aria-labelledby="mapping-heading">
        <h2 id="mapping-heading">{t("imports.mapping.title")}</h2>
        <p>{t("imports.mapping.intro")}</p>
        <Form method="post" {...getFormProps(mapForm)}>
          <FormErrors id={mapForm.errorId} errors={mapForm.errors} t={t} />
          <input type="hidden" name="intent" value="map" />
          <table className="tickets">
            <thead>
              <tr>
                <th scope="col">{t("imports.mapping.column")}</th>
                <th scope="col">{t("imports.mapping.example")}</th>
                <th scope="col">{t("imports.mapping.target")}</th>
              </tr>
            </thead>
            <tbody>
              {loaded.header.map((title, index) => {
                const field = columns[index];
                const key = `${index}-${title}`;
                if (!field) return null;
                return (
                  <tr key={key}>
                    <th scope="row">{title}</th>
                    <td>{loaded.example[index] ?? ""}</td>
                    <td>
                      <select
                        {...getSelectProps(field)}
                        key={field.key}
                        aria-label={t("imports.mapping.targetOf", { column: title })}
                      >
                        {IMPORT_TARGETS.map((target: ImportTarget) => (
                          <option key={target} value={target}>
                            {t(`imports.target.${target}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <button type="submit">{t("imports.mapping.submit")}</button>
        </Form>
      </section>

      <section aria-labelledby="start-heading">
        <h2 id="start-heading">{t("imports.start.title")}</h2>
        <Form method="post" {...getFormProps(startForm)}>
          <FormErrors id={startForm.errorId} errors={startForm.errors} t={t} />
          <input type="hidden" name="intent" value="start" />
          <fieldset aria-describedby={startFields.mode.errors ? modeErrorId : undefined}>
            <legend>{t("imports.start.mode")}</legend>
            {IMPORT_MODES.map((mode) => (
              <div key={mode} className="choice">
                <input
                  type="radio"
                  id={`mode-${mode}`}
                  name={startFields.mode.name}
                  value={mode}
                  // The submitted choice comes back with a refusal; "all" until then.
                  defaultChecked={(startFields.mode.initialValue || "all") === mode}
                />
                <label htmlFor={`mode-${mode}`}>{t(`imports.start.mode.${mode}`)}</label>
              </div>
            ))}
            <ErrorList id={modeErrorId} errors={startFields.mode.errors} t={t} />
          </fieldset>
          <button type="submit">{t("imports.start.submit")}</button>
        </Form>
      </section>
    </>
  );
}

function RowErrors() {
  const t = useDashboardTranslate();
  const { errors, progress } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="errors-heading">
      <h2 id="errors-heading">{t("imports.errors.title")}</h2>
      {errors.length === 0 ? (
        <p className="empty">{t("imports.errors.none")}</p>
      ) : (
        <>
          {progress.errorRows > errors.length ? (
            <p>{t("imports.errors.first", { count: PREVIEW_ERRORS })}</p>
          ) : null}
          <table className="tickets">
            <thead>
              <tr>
                <th scope="col">{t("imports.errors.row")}</th>
                <th scope="col">{t("imports.errors.email")}</th>
                <th scope="col">{t("imports.errors.problem")}</th>
              </tr>
            </thead>
            <tbody>
              {errors.map((row) => (
                <tr key={row.rowNumber}>
                  <td>{row.rowNumber}</td>
                  <td>{row.email}</td>
                  <td>{t(row.error as RowError)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
