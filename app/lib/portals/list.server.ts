// The account's portals as the portals page lists them: where each serves, and the drafts apart.
import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { domains, type PortalStatus, portals } from "../../../db/schema";
import { resumeStep, type WizardStep } from "./setup";
import { portalUrl } from "./urls";

export type PortalRow = {
  id: string;
  name: string;
  status: PortalStatus;
  url: string;
  /** For a draft, the wizard step it resumes at. */
  resume: WizardStep | null;
};

export async function listPortals(
  db: Database,
  accountId: string,
  localPort: number | null,
): Promise<{ portals: PortalRow[]; drafts: PortalRow[] }> {
  const rows = await db
    .select({
      id: portals.id,
      name: portals.name,
      slug: portals.slug,
      status: portals.status,
      setupStep: portals.setupStep,
      hostname: domains.hostname,
    })
    .from(portals)
    .innerJoin(
      domains,
      and(eq(domains.id, portals.domainId), eq(domains.accountId, portals.accountId)),
    )
    .where(eq(portals.accountId, accountId))
    .orderBy(asc(portals.name), asc(portals.id));
  const all = rows.map((row) => ({
    id: row.id,
    name: row.name,
    status: row.status,
    url: portalUrl(row.hostname, row.slug, localPort),
    resume: row.status === "draft" ? resumeStep(row.setupStep) : null,
  }));
  return {
    portals: all.filter((row) => row.status !== "draft"),
    drafts: all.filter((row) => row.status === "draft"),
  };
}
