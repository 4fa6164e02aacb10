import { describe, expect, it } from "vitest";
import { domainServes } from "../../app/lib/tenancy/serving";
import type { DomainStatus } from "../../db/schema";

const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);
const GRACE = 72 * 3_600_000;

describe("domainServes", () => {
  it.each<{ label: string; status: DomainStatus; statusChangedAt: number; expected: boolean }>([
    { label: "active", status: "active", statusChangedAt: NOW, expected: true },
    { label: "active, changed long ago", status: "active", statusChangedAt: 0, expected: true },
    { label: "pending", status: "pending", statusChangedAt: NOW, expected: false },
    { label: "removed", status: "removed", statusChangedAt: NOW, expected: false },
    {
      label: "misconfigured just now",
      status: "misconfigured",
      statusChangedAt: NOW,
      expected: true,
    },
    {
      label: "misconfigured 1 ms inside the grace period",
      status: "misconfigured",
      statusChangedAt: NOW - GRACE + 1,
      expected: true,
    },
    {
      label: "misconfigured exactly at the end of the grace period",
      status: "misconfigured",
      statusChangedAt: NOW - GRACE,
      expected: false,
    },
    {
      label: "misconfigured long ago",
      status: "misconfigured",
      statusChangedAt: NOW - 30 * GRACE,
      expected: false,
    },
  ])("$label -> $expected", ({ status, statusChangedAt, expected }) => {
    expect(domainServes({ status, statusChangedAt }, NOW, GRACE)).toBe(expected);
  });

  it.each([
    { graceMs: 0, expected: false },
    { graceMs: 1, expected: true },
  ])("misconfigured now with grace $graceMs ms -> $expected", ({ graceMs, expected }) => {
    expect(domainServes({ status: "misconfigured", statusChangedAt: NOW }, NOW, graceMs)).toBe(
      expected,
    );
  });
});
