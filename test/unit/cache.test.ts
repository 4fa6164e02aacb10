import { beforeEach, describe, expect, it } from "vitest";
import { HostCache, TtlCache } from "../../app/lib/tenancy/cache";

const TTL = 30_000;
const START = 1_000_000;

let t = START;
const clock = () => t;

beforeEach(() => {
  t = START;
});

describe("TtlCache", () => {
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

describe("TtlCache recency", () => {
  it.each([
    { label: "a key read since", read: "a", evicted: "b" },
    { label: "no key read", read: null, evicted: "a" },
  ])("when full, the least recently used entry goes ($label)", ({ read, evicted }) => {
    const cache = new TtlCache<string>(TTL, clock, 2);
    cache.set("a", "a");
    cache.set("b", "b");
    if (read) cache.get(read);
    cache.set("c", "c");
    for (const key of ["a", "b", "c"]) {
      expect(cache.get(key)).toEqual(key === evicted ? undefined : { value: key });
    }
  });

  it("a hit keeps the entry's expiry", () => {
    const cache = new TtlCache<string>(TTL, clock);
    cache.set("k", "v");
    t = START + TTL - 1;
    expect(cache.get("k")).toEqual({ value: "v" });
    t = START + TTL;
    expect(cache.get("k")).toBeUndefined();
  });
});

describe("HostCache", () => {
  it("keeps a live tenant through 20 000 unknown hostnames", () => {
    const cache = new HostCache<string>(TTL, clock);
    cache.set("help.acme.example", "acme");
    for (let i = 0; i < 20_000; i++) {
      t += 1;
      cache.set(`h${i}.portico-sites.com`, null);
    }
    expect(cache.get("help.acme.example")).toEqual({ value: "acme" });
    // The misses stay cached too, within their own bound.
    expect(cache.get("h19999.portico-sites.com")).toEqual({ value: null });
    expect(cache.get("h0.portico-sites.com")).toBeUndefined();
  });

  it.each([
    { label: "the newest misses stay", key: "m2", expected: { value: null } },
    { label: "the oldest miss goes", key: "m0", expected: undefined },
    { label: "found entries are not counted", key: "f0", expected: { value: "f0" } },
  ])("bounds the misses on their own: $label", ({ key, expected }) => {
    const cache = new HostCache<string>(TTL, clock, { found: 2, missing: 2 });
    cache.set("f0", "f0");
    for (const miss of ["m0", "m1", "m2"]) cache.set(miss, null);
    expect(cache.get(key)).toEqual(expected);
  });

  it.each([
    { label: "a miss that becomes a domain", before: null, after: "acme" },
    { label: "a domain that goes away", before: "acme", after: null },
  ])("holds one answer per host: $label", ({ before, after }) => {
    const cache = new HostCache<string>(TTL, clock);
    cache.set("h.example", before);
    cache.set("h.example", after);
    expect(cache.get("h.example")).toEqual({ value: after });
  });

  it.each([
    { label: "a found host", value: "acme" },
    { label: "a miss", value: null },
  ])("delete forgets $label", ({ value }) => {
    const cache = new HostCache<string>(TTL, clock);
    cache.set("h.example", value);
    cache.delete("h.example");
    expect(cache.get("h.example")).toBeUndefined();
  });

  it.each([
    { label: "a found host", value: "acme" },
    { label: "a miss", value: null },
  ])("expires $label at the TTL", ({ value }) => {
    const cache = new HostCache<string>(TTL, clock);
    cache.set("h.example", value);
    t = START + TTL - 1;
    expect(cache.get("h.example")).toEqual({ value });
    t = START + TTL;
    expect(cache.get("h.example")).toBeUndefined();
  });
});
