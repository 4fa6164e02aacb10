import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { ContactFields } from "../components/contact-form";
import { FormErrors } from "../components/field";
import { companyOptions, saveContact } from "../lib/contacts/contacts.server";
import { ContactSchema } from "../lib/contacts/schema";
import { accountPath, requireAccountMember } from "../lib/dashboard/guard.server";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { useDashboardTranslate } from "../lib/i18n/dashboard";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta: MetaFunction = () => [{ title: "New contact · Portico" }];

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  return { companies: await companyOptions(args.context.db, account.id) };
}

export async function action(args: ActionFunctionArgs) {
  const { account, user } = await requireAccountMember(args, handle);
  const submission = parseWithZod(await args.request.formData(), { schema: ContactSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, 400);
  const saved = await saveContact(
    args.context.db,
    { accountId: account.id, actorUserId: user.id },
    null,
    submission.value,
  );
  if (!saved.ok) {
    const fieldErrors = Object.fromEntries(saved.problems.map((p) => [p.field, [p.error]]));
    return data({ result: submission.reply({ fieldErrors }) }, 400);
  }
  return redirect(accountPath(account, `/contacts/${saved.contactId}?done=saved`));
}

export default function NewContact() {
  const t = useDashboardTranslate();
  const { companies } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof ContactSchema>>({
    lastResult: actionData?.result,
  });
  return (
    <>
      <h1>{t("contacts.new")}</h1>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} t={t} />
        <ContactFields fields={fields} companies={companies} t={t} />
        <button type="submit">{t("contacts.create")}</button>
      </Form>
    </>
  );
}
