import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { FormErrors } from "../components/field";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { type DashboardHandle, OWNER } from "../lib/dashboard/roles";
import { useDashboardTranslate } from "../lib/i18n/dashboard";
import { setRequireTwoFactor, teamTwoFactor } from "../lib/two-factor/requirement.server";

export const handle: DashboardHandle = { roles: OWNER };

export const meta: MetaFunction = () => [{ title: "Security settings · Portico" }];

const SecuritySchema = z.object({
  requireTwoFactor: z.literal("on", { error: "form.invalidValue" }).optional(),
});

export async function loader(args: LoaderFunctionArgs) {
  const { account, twoFactor } = await requireAccountMember(args, handle);
  const team = await teamTwoFactor(args.context.db, account.id);
  return {
    requireTwoFactor: account.requireTwoFactor,
    ownTwoFactor: twoFactor,
    withoutTwoFactor: team
      .filter((member) => !member.twoFactor)
      .map(({ name, email }) => ({ name, email })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { account, user } = await requireAccountMember(args, handle);
  const submission = parseWithZod(await args.request.formData(), { schema: SecuritySchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, 400);
  await setRequireTwoFactor(
    args.context.db,
    account,
    user.id,
    submission.value.requireTwoFactor === "on",
  );
  return redirect(`/a/${account.slug}/settings/security?saved=1`);
}

export default function SecuritySettings() {
  const t = useDashboardTranslate();
  const { requireTwoFactor, ownTwoFactor, withoutTwoFactor } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm<{ requireTwoFactor: string }>({
    lastResult: actionData?.result,
    defaultValue: { requireTwoFactor: requireTwoFactor ? "on" : "" },
  });
  return (
    <>
      <h1>{t("security.title")}</h1>
      {searchParams.has("saved") ? (
        <p role="status" className="notice">
          {t("security.saved")}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} t={t} />
        <div className="checkbox">
          <input
            {...getInputProps(fields.requireTwoFactor, { type: "checkbox", value: "on" })}
            key={fields.requireTwoFactor.key}
            aria-describedby="require-two-factor-hint"
          />
          <label htmlFor={fields.requireTwoFactor.id}>{t("security.requireTwoFactor")}</label>
        </div>
        <p id="require-two-factor-hint" className="field-hint">
          {t("security.requireTwoFactor.hint")}
          {ownTwoFactor ? "" : ` ${t("security.requireTwoFactor.youToo")}`}
        </p>
        <button type="submit" className="button">
          {t("security.save")}
        </button>
      </Form>
      <h2>{t("security.withoutTwoFactor")}</h2>
      {withoutTwoFactor.length === 0 ? (
        <p>{t("security.everyoneHasTwoFactor")}</p>
      ) : (
        <ul>
          {withoutTwoFactor.map((member) => (
            <li key={member.email}>{`${member.name} (${member.email})`}</li>
          ))}
        </ul>
      )}
    </>
  );
}
