import type { ConsentSettings, DisplaySettings, SupportFormField } from "../../../db/schema";

/** What a new portal shows customers until an admin changes it. */
export function defaultDisplaySettings(): DisplaySettings {
  return {
    listProperties: ["number", "status", "last_activity"],
    detailProperties: ["number", "status", "priority", "created", "last_activity", "assignee"],
    stageLabels: {},
    defaultSort: "last_activity",
    listClosedTickets: true,
  };
}

export function defaultConsentSettings(): ConsentSettings {
  return { enabled: false, text: "", version: 1, requireCheckbox: false };
}

export function defaultSupportForm(): SupportFormField[] {
  return [];
}
