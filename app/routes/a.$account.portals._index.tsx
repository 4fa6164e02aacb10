// The account's portals: each with its status, address and settings; unfinished drafts apart, to
// resume or discard (after a confirmation that is a page of its own, so it works without
// JavaScript); and the way into the setup wizard.
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/cloudflare";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireAccountMember } from "../lib/dashboard/guard.server";
import { useAccountHref } from "../lib/dashboard/layout";
import { ADMINS, type DashboardHandle } from "../lib/dashboard/roles";
import { DASHBOARD_CATALOG, useDashboardTranslate } from "../lib/i18n/dashboard";
import { listPortals } from "../lib/portals/list.server";
import { STEP_LABELS } from "../lib/portals/setup";
import { discardDraft } from "../lib/portals/setup.server";
import { localPortOf } from "../lib/portals/urls";
import { notFound } from "../lib/tenancy/guards.server";

export const handle: DashboardHandle = { roles: ADMINS };

export const meta: MetaFunction = () => [
  { title: `${DASHBOARD_CATALOG["portalList.title"]} · Portico` },
];

const DiscardSchema = z.object({ intent: z.literal("discard"), portalId: z.string().max(100) });

export async function loader(args: LoaderFunctionArgs) {
  const { account } = await requireAccountMember(args, handle);
  const list = await listPortals(args.context.db, account.id, localPortOf(args.request));
  const discardId = new URL(args.request.url).searchParams.get("discard");
  return {
    ...list,
    // The draft to confirm discarding; any other id asks nothing.
    discard: list.drafts.find((draft) => draft.id === discardId) ?? null,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { user, account } = await requireAccountMember(args, handle);
  const submission = parseWithZod(await args.request.formData(), { schema: DiscardSchema });
  if (submission.status !== "success") throw new Response("Bad Request", { status: 400 });
  const discarded = await discardDraft(
    args.context.db,
    { accountId: account.id, userId: user.id },
    submission.value.portalId,
  );
  // Not a draft of this account (another's, a live portal, already discarded): the same 404.
  if (!discarded) throw notFound();
  return redirect(`/a/${account.slug}/portals?done=discarded`);
}

export default function Portals() {
  const t = useDashboardTranslate();
  const href = useAccountHref();
  const { portals, drafts, discard } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <div className="page-heading">
        <h1>{t("portalList.title")}</h1>
        <Link className="button" to={href("/portals/new/name")}>
          {t("portalList.setUp")}
        </Link>
      </div>
      <p>{t("portalList.intro")}</p>
      {searchParams.get("done") === "discarded" ? (
        <p role="status" className="notice">
          {t("portalList.discarded")}
        </p>
      ) : null}
      {discard ? (
        <section aria-labelledby="confirm-heading" className="confirm">
          <h2 id="confirm-heading">{t("portalList.confirmTitle", { portal: discard.name })}</h2>
          <p>{t("portalList.confirmText", { url: discard.url })}</p>
          <Form method="post" action={href("/portals")} className="actions">
            <input type="hidden" name="intent" value="discard" />
            <input type="hidden" name="portalId" value={discard.id} />
            <button type="submit" className="button">
              {t("portalList.confirm")}
            </button>
            <Link to={href("/portals")} className="button secondary">
              {t("portalList.cancel")}
            </Link>
          </Form>
        </section>
      ) : null}
      <section aria-labelledby="portals-heading">
        <h2 id="portals-heading">{t("portalList.portals")}</h2>
        {portals.length === 0 ? (
          <p className="empty">{t("portalList.empty")}</p>
        ) : (
          <table className="tickets">
            <thead>
              <tr>
                <th scope="col">{t("portalList.name")}</th>
                <th scope="col">{t("portalList.status")}</th>
                <th scope="col">{t("portalList.url")}</th>
                <th scope="col">{t("portalList.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {portals.map((portal) => (
                <tr key={portal.id}>
                  <td>{portal.name}</td>
                  <td>
                    <span className={`badge status-${portal.status}`}>
                      {t(
                        portal.status === "live"
                          ? "portalList.status.live"
                          : "portalList.status.unpublished",
                      )}
                    </span>
                  </td>
                  <td>
                    {portal.status === "live" ? <a href={portal.url}>{portal.url}</a> : portal.url}
                  </td>
                  <td>
                    <Link
                      to={href(`/portals/${portal.id}`)}
                      aria-label={t("portalList.settingsOf", { portal: portal.name })}
                    >
                      {t("portalList.settings")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {drafts.length > 0 ? (
        <section aria-labelledby="drafts-heading">
          <h2 id="drafts-heading">{t("portalList.drafts")}</h2>
          <p>{t("portalList.draftsIntro")}</p>
          <table className="tickets">
            <thead>
              <tr>
                <th scope="col">{t("portalList.name")}</th>
                <th scope="col">{t("portalList.url")}</th>
                <th scope="col">{t("portalList.nextStep")}</th>
                <th scope="col">{t("portalList.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {drafts.map((draft) => (
                <tr key={draft.id}>
                  <td>{draft.name}</td>
                  <td>{draft.url}</td>
                  <td>{draft.resume ? t(STEP_LABELS[draft.resume]) : null}</td>
                  <td>
                    <span className="actions">
                      <Link
                        to={href(`/portals/new/${draft.resume}?portal=${draft.id}`)}
                        aria-label={t("portalList.resumeOf", { portal: draft.name })}
                      >
                        {t("portalList.resume")}
                      </Link>
                      <Link
                        to={href(`/portals?discard=${draft.id}`)}
                        aria-label={t("portalList.discardOf", { portal: draft.name })}
                      >
                        {t("portalList.discard")}
                      </Link>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}
