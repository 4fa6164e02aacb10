// Who sees which ticket in a portal: the seed's "customer ticket permissions", in one function.
// Every portal query takes the viewer it returns; its table of cases is test/unit/visibility.test.ts.
import type { PermissionFilter, TicketPermission } from "../../../db/schema";

/** A contact as far as visibility cares. */
export type ViewerContact = {
  id: string;
  primaryCompanyId: string | null;
  jobTitle: string | null;
  properties: Record<string, string>;
};

/** What a contact may see: their own tickets, plus all of one company's when `companyId` is set. */
export type TicketViewer = { contactId: string; companyId: string | null };

function propertyValue(contact: ViewerContact, property: string): string | undefined {
  if (property === "job_title") return contact.jobTitle ?? undefined;
  return contact.properties[property];
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** True when every condition of the filter holds for the contact (an empty filter admits nobody). */
export function matchesPermissionFilter(contact: ViewerContact, filter: PermissionFilter): boolean {
  return (
    filter.length > 0 &&
    filter.every((condition) => {
      const value = propertyValue(contact, condition.property);
      return value !== undefined && same(value, condition.value);
    })
  );
}

export function ticketViewer(
  portal: { ticketPermission: TicketPermission; permissionFilter: PermissionFilter },
  contact: ViewerContact,
): TicketViewer {
  const own = { contactId: contact.id, companyId: null };
  const company = { contactId: contact.id, companyId: contact.primaryCompanyId };
  switch (portal.ticketPermission) {
    case "own":
      return own;
    case "company":
      return company;
    case "company_filtered":
      return matchesPermissionFilter(contact, portal.permissionFilter) ? company : own;
  }
}
