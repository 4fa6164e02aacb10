// Upload a CSV file of contacts: it is read and its rows staged and checked (app/lib/imports), then
// the preview opens. Nothing is imported from here.
import { getFormProps, getInputProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/cloudflare";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { ErrorList, FormErrors } from "../components/field";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { createImport } from "../lib/imports/imports.server";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta: MetaFunction = () => [{ title: "Import contacts · Portico" }];

const UploadSchema = z.object({
  file: z
    .instanceof(File, { error: "imports.file.required" })
    .refine((file) => file.size > 0, "imports.file.required"),
});

export async function loader(args: LoaderFunctionArgs) {
  await requireAccountMember(args, handle);
  return null;
}

type ActionData = { result: SubmissionResult<string[]>; line?: number };

export async function action(args: ActionFunctionArgs) {
  const { user, account } = await requireAccountMember(args, handle);
  const formData = await args.request.formData();
  const submission = parseWithZod(formData, { schema: UploadSchema });
  if (submission.status !== "success") {
    return data<ActionData>({ result: submission.reply() }, 400);
  }
  const { file } = submission.value;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return data<ActionData>(
      { result: submission.reply({ fieldErrors: { file: ["imports.file.encoding"] } }) },
      400,
    );
  }
  const outcome = await createImport(args.context.db, {
    account,
    actorUserId: user.id,
    fileName: file.name || "contacts.csv",
    text,
  });
  if (!outcome.ok) {
    return data<ActionData>(
      {
        result: submission.reply({ fieldErrors: { file: [outcome.problem] } }),
        line: outcome.line,
      },
      400,
    );
  }
  return redirect(`/a/${account.slug}/imports/${outcome.importId}`);
}

export default function NewImport() {
  const t = useDashboardTranslate();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [form, fields] = useForm<{ file: File }>({
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
  });
  const hintId = `${fields.file.id}-hint`;
  const input = getInputProps(fields.file, { type: "file", ariaAttributes: true });
  const describedBy = [input["aria-describedby"], hintId].filter(Boolean).join(" ");
  return (
    <>
      <h1>{t("imports.new.title")}</h1>
      <p>{t("imports.new.intro")}</p>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} t={t} />
        <div className="field">
          <label htmlFor={fields.file.id}>{t("imports.new.file")}</label>
          <p id={hintId} className="field-hint">
            {t("imports.new.fileHint")}
          </p>
          <input
            {...input}
            key={input.key}
            accept=".csv,text/csv"
            required
            aria-describedby={describedBy}
          />
          <ErrorList
            id={fields.file.errorId}
            errors={fields.file.errors}
            t={t}
            values={{ line: actionData?.line ?? 0 }}
          />
        </div>
        <button type="submit">{t("imports.new.submit")}</button>
      </Form>
    </>
  );
}
