import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Field, FormErrors } from "../components/field";
import { requirePortalContact } from "../lib/auth/guards.server";
import { passwordProblem } from "../lib/auth/password-policy";
import { changePassword, updateContactDetails } from "../lib/auth/profile.server";
import { clientIp } from "../lib/auth/rate-limit.server";
import { PasswordSchema } from "../lib/forms/schemas";
import { dateTimeFormatter } from "../lib/i18n";
import { usePortal } from "../lib/portals/layout";
import { requirePortal } from "../lib/tenancy/guards.server";

const NameSchema = z
  .string({ error: "form.required" })
  .trim()
  .min(1, "form.required")
  .max(200, "form.tooLong.name")
  .refine((value) => !value.includes("\u0000"), "form.invalidCharacters");

const ProfileSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("details"),
    name: NameSchema,
    notify: z.literal("on", { error: "form.invalidValue" }).optional(),
  }),
  z.object({ intent: z.literal("password"), current: PasswordSchema, next: PasswordSchema }),
]);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { contact } = await requirePortalContact(request, context);
  return {
    name: contact.name,
    signInEmail: contact.signInEmail ?? contact.email,
    notify: contact.notifyOnAgentReply,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { portal } = requirePortal(context);
  const { contact, session } = await requirePortalContact(request, context);
  const email = contact.signInEmail ?? contact.email;
  const submission = parseWithZod(await request.formData(), {
    schema: ProfileSchema.superRefine((value, ctx) => {
      if (value.intent !== "password") return;
      const problem = passwordProblem(value.next, email);
      if (problem) ctx.addIssue({ code: "custom", path: ["next"], message: problem });
    }),
  });
  const intent = submission.payload.intent === "password" ? "password" : "details";
  if (submission.status !== "success") {
    return data({ intent, result: submission.reply({ hideFields: ["current", "next"] }) }, 400);
  }
  if (submission.value.intent === "details") {
    await updateContactDetails(context.db, contact, {
      name: submission.value.name,
      notifyOnAgentReply: submission.value.notify === "on",
    });
    return redirect(`/${portal.slug}/profile?done=saved`);
  }
  const outcome = await changePassword(context.db, context.config, contact, session.id, {
    current: submission.value.current,
    next: submission.value.next,
    ip: clientIp(request),
  });
  if (outcome !== "changed") {
    const error = outcome.error === "signIn.invalid" ? "profile.password.wrong" : outcome.error;
    return data(
      {
        intent,
        retryAt: "retryAt" in outcome ? outcome.retryAt : null,
        result: submission.reply({
          fieldErrors: { current: [error] },
          hideFields: ["current", "next"],
        }),
      },
      outcome.error === "signIn.rateLimited" ? 429 : 400,
    );
  }
  return redirect(`/${portal.slug}/profile?done=password`);
}

export default function Profile() {
  const profile = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { portal, language, timeZone, t } = usePortal();
  const [details, detailFields] = useForm<{ intent: string; name: string; notify: string }>({
    id: "details",
    lastResult: actionData?.intent === "details" ? actionData.result : undefined,
    defaultValue: { name: profile.name, notify: profile.notify ? "on" : "" },
  });
  const [password, passwordFields] = useForm<{ intent: string; current: string; next: string }>({
    id: "password",
    lastResult: actionData?.intent === "password" ? actionData.result : undefined,
  });
  const done = searchParams.get("done");
  const retryAt = actionData && "retryAt" in actionData ? actionData.retryAt : null;
  const time =
    typeof retryAt === "number" ? dateTimeFormatter(language, timeZone).dateTime(retryAt) : "";
  return (
    <>
      <h1>{t("profile.title")}</h1>
      {done === "saved" || done === "password" ? (
        <p role="status" className="notice">
          {t(done === "saved" ? "profile.saved" : "profile.password.changed")}
        </p>
      ) : null}
      <section aria-labelledby="details-heading">
        <h2 id="details-heading">{t("profile.details")}</h2>
        <Form method="post" {...getFormProps(details)} className="stack">
          <input type="hidden" name="intent" value="details" />
          <FormErrors id={details.errorId} errors={details.errors} t={t} />
          <Field
            meta={detailFields.name}
            label={t("profile.name")}
            type="text"
            autoComplete="name"
            t={t}
          />
          <div className="field">
            <label htmlFor="sign-in-email">{t("profile.email")}</label>
            <p id="sign-in-email-hint" className="field-hint">
              {t("profile.emailHint")}
            </p>
            <input
              id="sign-in-email"
              type="email"
              value={profile.signInEmail}
              readOnly
              aria-describedby="sign-in-email-hint"
            />
          </div>
          <div className="checkbox">
            <input
              {...getInputProps(detailFields.notify, { type: "checkbox", value: "on" })}
              key={detailFields.notify.key}
            />
            <label htmlFor={detailFields.notify.id}>{t("profile.notify")}</label>
          </div>
          <button type="submit" className="button">
            {t("profile.save")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="password-heading">
        <h2 id="password-heading">{t("profile.password.title")}</h2>
        <Form method="post" {...getFormProps(password)} className="stack">
          <input type="hidden" name="intent" value="password" />
          <FormErrors id={password.errorId} errors={password.errors} t={t} />
          <Field
            meta={passwordFields.current}
            label={t("profile.password.current")}
            type="password"
            autoComplete="current-password"
            t={t}
            values={{ time }}
          />
          <Field
            meta={passwordFields.next}
            label={t("profile.password.new")}
            type="password"
            autoComplete="new-password"
            hint={t("setPassword.hint", { min: 8 })}
            t={t}
          />
          <button type="submit" className="button">
            {t("profile.password.submit")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t("profile.sessions.title")}</h2>
        <p>{t("profile.sessions.text")}</p>
        <Form method="post" action={`/${portal.slug}/sign-out`}>
          <input type="hidden" name="everywhere" value="true" />
          <button type="submit" className="button secondary">
            {t("portal.signOutEverywhere")}
          </button>
        </Form>
      </section>
    </>
  );
}
