import { describe, expect, it } from "vitest";
import { ticketViewer, type ViewerContact } from "../../app/lib/tickets/visibility";
import type { PermissionFilter, TicketPermission } from "../../db/schema";

const manager: ViewerContact = {
  id: "c1",
  primaryCompanyId: "co1",
  jobTitle: "IT manager",
  properties: { portal_manager: "true", region: "North" },
};
const employee: ViewerContact = { ...manager, id: "c2", jobTitle: "Designer", properties: {} };
const solo: ViewerContact = { id: "c3", primaryCompanyId: null, jobTitle: null, properties: {} };

const byFlag: PermissionFilter = [{ property: "portal_manager", value: "true" }];
const byTitle: PermissionFilter = [{ property: "job_title", value: " it MANAGER " }];
const both: PermissionFilter = [...byFlag, { property: "region", value: "South" }];

describe("ticketViewer", () => {
  it.each([
    ["own", [], manager, null],
    ["company", [], manager, "co1"],
    ["company", [], solo, null],
    ["company_filtered", byFlag, manager, "co1"],
    ["company_filtered", byFlag, employee, null],
    ["company_filtered", byTitle, manager, "co1"],
    ["company_filtered", byTitle, employee, null],
    ["company_filtered", both, manager, null],
    ["company_filtered", [], manager, null],
    ["company_filtered", byFlag, solo, null],
  ] as [TicketPermission, PermissionFilter, ViewerContact, string | null][])(
    "%s with filter %j: %o sees company %s",
    (ticketPermission, permissionFilter, contact, companyId) => {
      expect(ticketViewer({ ticketPermission, permissionFilter }, contact)).toEqual({
        contactId: contact.id,
        companyId,
      });
    },
  );
});
