import { beforeEach, describe, expect, it } from "vitest";
import { TtlCache } from "../../app/lib/tenancy/cache";

const TTL = 30_000;
const START = 1_000_000;

describe("TtlCache", () => {
  let t = START;
  const clock = () => t;

  beforeEach(() => {
    t = START;
  });

  it.each([
    { label: "right after set", elapsed: 0, expected: { value: "acme" } },
    { label: "at ttl - 1", elapsed: TTL - 1, expected: { value: "acme" } },
    { label: "at ttl", elapsed: TTL, expected: undefined },
    { label: "well after ttl", elapsed: TTL * 10, expected: undefined },
  ])("$label ($elapsed ms) -> $expected", ({ elapsed, expected }) => {
    const cache = new TtlCache<string>(TTL, clock);
    cache.set("acme.example", "acme");
    t = START + elapsed;
    expect(cache.get("acme.example")).toEqual(expected);
  });

  it.each([
    { label: "cached null (negative entry)", key: "unknown.example", expected: { value: null } },
    { label: "never set (miss)", key: "other.example", expected: undefined },
  ])("$label -> $expected", ({ key, expected }) => {
    const cache = new TtlCache<string | null>(TTL, clock);
    cache.set("unknown.example", null);
    expect(cache.get(key)).toEqual(expected);
  });

  it.each([
    { label: "before the ttl", elapsed: TTL - 1, expected: { value: null } },
    { label: "at the ttl", elapsed: TTL, expected: undefined },
  ])("a negative entry expires like any other: $label", ({ elapsed, expected }) => {
    const cache = new TtlCache<string | null>(TTL, clock);
    cache.set("unknown.example", null);
    t = START + elapsed;
    expect(cache.get("unknown.example")).toEqual(expected);
  });

  it.each([
    { label: "the deleted key", key: "a", expected: undefined },
    { label: "another key", key: "b", expected: { value: 2 } },
  ])("delete removes only its key: $label", ({ key, expected }) => {
    const cache = new TtlCache<number>(TTL, clock);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.delete("a");
    expect(cache.get(key)).toEqual(expected);
  });

  it.each(["a", "b"])("clear removes every entry (%s)", (key) => {
    const cache = new TtlCache<number>(TTL, clock);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.clear();
    expect(cache.get(key)).toBeUndefined();
  });

  it("set again refreshes the expiry", () => {
    const cache = new TtlCache<string>(TTL, clock);
    cache.set("k", "old");
    t = START + TTL - 1;
    cache.set("k", "new");
    t = START + TTL + 100;
    expect(cache.get("k")).toEqual({ value: "new" });
  });

  it.each([1, 2, 3, 5])("maxEntries %i evicts the oldest entry", (maxEntries) => {
    const cache = new TtlCache<number>(TTL, clock, maxEntries);
    const keys = Array.from({ length: maxEntries + 1 }, (_, i) => `k${i}`);
    keys.forEach((key, i) => {
      cache.set(key, i);
    });
    expect(cache.get("k0")).toBeUndefined();
    for (const [i, key] of keys.entries()) {
      if (i > 0) expect(cache.get(key)).toEqual({ value: i });
    }
  });
});
