import { describe, expect, it } from "vitest";
import {
  shownProperties,
  shownTicket,
  type TicketFacts,
  type TicketProperty,
} from "../../app/lib/tickets/display";

const ticket: TicketFacts & { id: string; customFields: Record<string, string> } = {
  id: "tkt_internal",
  number: 7,
  subject: "Printer on fire",
  status: "waiting_on_us",
  priority: "urgent",
  category: "Hardware",
  createdAt: 1000,
  lastActivityAt: 2000,
  assigneeName: "Alex",
  customFields: { contract: "C-123" },
};
const always = { number: 7, subject: "Printer on fire" };

describe("shownProperties", () => {
  it.each([
    [[], []],
    [
      ["status", "priority"],
      ["status", "priority"],
    ],
    [
      ["priority", "status"],
      ["priority", "status"],
    ],
    [["status", "status"], ["status"]],
    [["contract", "customFields", "id", "__proto__", "toString"], []],
    [
      ["assignee", "unknown", "created"],
      ["assignee", "created"],
    ],
  ] as [string[], TicketProperty[]][])("%j lists %j", (listed, expected) => {
    expect(shownProperties(listed)).toEqual(expected);
  });
});

describe("shownTicket", () => {
  it.each([
    [[], always],
    [["number"], always],
    [["status"], { ...always, status: "waiting_on_us" }],
    [["priority"], { ...always, priority: "urgent" }],
    [["category"], { ...always, category: "Hardware" }],
    [["created"], { ...always, createdAt: 1000 }],
    [["last_activity"], { ...always, lastActivityAt: 2000 }],
    [["assignee"], { ...always, assigneeName: "Alex" }],
    [
      ["number", "status", "priority", "category", "created", "last_activity", "assignee"],
      {
        ...always,
        status: "waiting_on_us",
        priority: "urgent",
        category: "Hardware",
        createdAt: 1000,
        lastActivityAt: 2000,
        assigneeName: "Alex",
      },
    ],
  ] as [TicketProperty[], object][])("with %j has exactly %j", (properties, expected) => {
    // Exactly: no id, no custom fields, no property the portal did not list.
    expect(shownTicket(ticket, properties)).toStrictEqual(expected);
  });
});
