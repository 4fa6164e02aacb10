// Setting up a portal: the wizard's steps (/a/{account}/portals/new/{step}) and the forms it shares
// with a portal's settings tabs (domain, tickets, access). Client-safe. Each form's schema is built
// from the account's own choices (its serving domains, inboxes, access groups, contact properties),
// so "one of yours" is checked in the same parse as the format, and a foreign id reads exactly like
// a made-up one. The writes live in setup.server.ts.
import { z } from "zod";
import type { AccessMode, DomainKind, TicketPermission } from "../../../db/schema";
import type { DashboardKey } from "../i18n/dashboard";
import { SLUG_PATTERN, slugProblem } from "../tenancy/reserved";

/** The wizard's steps, in order: the seed's "portal name → domain → tickets → access → finish". */
export const WIZARD_STEPS = ["name", "domain", "tickets", "access", "finish"] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

export function isWizardStep(value: string | undefined): value is WizardStep {
  return (WIZARD_STEPS as readonly string[]).includes(value ?? "");
}

export function stepIndex(step: WizardStep): number {
  return WIZARD_STEPS.indexOf(step);
}

/** The later of two steps: revisiting an earlier step never takes a draft's progress back. */
export function furthestStep(a: WizardStep, b: WizardStep): WizardStep {
  return stepIndex(a) >= stepIndex(b) ? a : b;
}

/** A draft's saved `setup_step`, read defensively: anything unknown resumes at the domain step. */
export function resumeStep(saved: string | null): WizardStep {
  return isWizardStep(saved ?? undefined) && saved !== "name" ? (saved as WizardStep) : "domain";
}

export const STEP_LABELS: Record<WizardStep, DashboardKey> = {
  name: "wizard.step.name",
  domain: "wizard.step.domain",
  tickets: "wizard.step.tickets",
  access: "wizard.step.access",
  finish: "wizard.step.finish",
};

// The same values as db/schema's enumerations, named here so the browser bundle needs no Drizzle.
export const TICKET_PERMISSION_OPTIONS = [
  "own",
  "company",
  "company_filtered",
] as const satisfies readonly TicketPermission[];
export const ACCESS_MODE_OPTIONS = [
  "anyone_with_ticket",
  "access_groups",
] as const satisfies readonly AccessMode[];

/** The contact property that is a column, not a key of `contacts.properties` (tickets/visibility.ts). */
export const JOB_TITLE_PROPERTY = "job_title";

/** SLUG_PATTERN's length limit (app/lib/tenancy/reserved.ts), for the message that names it. */
export const SLUG_MAX_LENGTH = 48;

export type SlugMessage =
  | "wizard.slug.format"
  | "wizard.slug.upperCase"
  | "wizard.slug.tooLong"
  | "wizard.slug.reserved";

/**
 * What is wrong with a slug, said as precisely as the admin needs to fix it. The rule itself is
 * `slugProblem()`; this only tells its "format" answers apart.
 */
export function slugMessage(slug: string): SlugMessage | null {
  const problem = slugProblem(slug);
  if (problem === null) return null;
  if (problem === "reserved") return "wizard.slug.reserved";
  if (slug.length > SLUG_MAX_LENGTH) return "wizard.slug.tooLong";
  if (/[A-Z]/.test(slug) && SLUG_PATTERN.test(slug.toLowerCase())) return "wizard.slug.upperCase";
  return "wizard.slug.format";
}

const noControlCharacters = (value: string) =>
  ![...value].some((char) => char.charCodeAt(0) < 32 || char.charCodeAt(0) === 127);

export const PORTAL_NAME_MAX_LENGTH = 120;

export const PortalNameSchema = z
  .string({ error: "wizard.name.required" })
  .trim()
  .min(1, "wizard.name.required")
  .max(PORTAL_NAME_MAX_LENGTH, "wizard.name.tooLong")
  .refine(noControlCharacters, "form.invalidCharacters");

export const NameFormSchema = z.object({ name: PortalNameSchema });

const SlugSchema = z
  .string({ error: "wizard.slug.required" })
  .trim()
  .min(1, "wizard.slug.required")
  .superRefine((slug, ctx) => {
    const message = slugMessage(slug);
    if (message) ctx.addIssue({ code: "custom", message });
  });

/** One of `ids`, or the message `error`: a foreign or made-up id gets the same answer. */
function oneOf(ids: ReadonlySet<string>, error: DashboardKey) {
  return z
    .string({ error })
    .max(100, error)
    .refine((id) => ids.has(id), error);
}

/** Step 2 and the domain tab: one of the account's serving domains, and a slug. */
export function domainFormSchema(domainIds: ReadonlySet<string>) {
  return z.object({ domainId: oneOf(domainIds, "wizard.domain.choose"), slug: SlugSchema });
}

/** Step 2 of a new portal also carries the name typed in step 1. */
export function newPortalDomainSchema(domainIds: ReadonlySet<string>) {
  return domainFormSchema(domainIds).extend({ name: PortalNameSchema });
}

/** Step 3 and the tickets tab: the default inbox, the permission and, for the third, its filter. */
export function ticketsFormSchema(inboxIds: ReadonlySet<string>, properties: ReadonlySet<string>) {
  return z
    .object({
      defaultInboxId: oneOf(inboxIds, "wizard.inbox.choose"),
      ticketPermission: z.enum(TICKET_PERMISSION_OPTIONS, { error: "wizard.permission.choose" }),
      filterProperty: z.string().trim().max(100, "wizard.filter.propertyRequired").optional(),
      filterValue: z
        .string()
        .trim()
        .max(200, "wizard.filter.valueTooLong")
        .refine(noControlCharacters, "form.invalidCharacters")
        .optional(),
    })
    .superRefine((value, ctx) => {
      // The filter counts only for the third option; the others ignore what its fields hold.
      if (value.ticketPermission !== "company_filtered") return;
      if (!value.filterProperty || !properties.has(value.filterProperty)) {
        ctx.addIssue({
          code: "custom",
          path: ["filterProperty"],
          message: "wizard.filter.propertyRequired",
        });
      }
      if (!value.filterValue) {
        ctx.addIssue({
          code: "custom",
          path: ["filterValue"],
          message: "wizard.filter.valueRequired",
        });
      }
    })
    .transform(({ defaultInboxId, ticketPermission, filterProperty, filterValue }) => ({
      defaultInboxId,
      ticketPermission,
      permissionFilter:
        ticketPermission === "company_filtered" && filterProperty && filterValue
          ? [{ property: filterProperty, value: filterValue }]
          : [],
    }));
}

/** Step 4 and the access tab: who may use the portal, and for access groups, which groups. */
export function accessFormSchema(groupIds: ReadonlySet<string>) {
  return z
    .object({
      accessMode: z.enum(ACCESS_MODE_OPTIONS, { error: "wizard.access.choose" }),
      accessGroupIds: z.array(z.string().max(100)).max(100, "wizard.access.unknownGroup"),
    })
    .superRefine((value, ctx) => {
      if (value.accessMode !== "access_groups") return;
      if (value.accessGroupIds.length === 0) {
        ctx.addIssue({
          code: "custom",
          path: ["accessGroupIds"],
          message: "wizard.access.groupsRequired",
        });
      } else if (!value.accessGroupIds.every((id) => groupIds.has(id))) {
        ctx.addIssue({
          code: "custom",
          path: ["accessGroupIds"],
          message: "wizard.access.unknownGroup",
        });
      }
    })
    .transform(({ accessMode, accessGroupIds }) => ({
      accessMode,
      // "Anyone with a ticket" admits no groups: none are kept that would silently count later.
      accessGroupIds: accessMode === "access_groups" ? [...new Set(accessGroupIds)].sort() : [],
    }));
}

/** A serving domain as the domain forms offer it. */
export type DomainOption = {
  id: string;
  hostname: string;
  kind: DomainKind;
  language: string;
  /** The language's English name ("Dutch"), for the notice that names it. */
  languageName: string;
  /** `http(s)://{hostname}[:port]`: the preview appends `/{slug}`. */
  origin: string;
};

/** "Dutch" for `nl`: the dashboard is English, so the names are too. */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The address a portal will have: what the slug field's preview shows. */
export function previewUrl(domain: Pick<DomainOption, "origin"> | undefined, slug: string): string {
  if (!domain) return "";
  return `${domain.origin}/${slug.trim()}`;
}
