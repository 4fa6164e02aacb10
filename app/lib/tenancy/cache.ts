/**
 * A per-isolate cache with a short time to live. D1 stays the source of truth: an entry lives at
 * most `ttlMs` from when it was set, so a change made in another isolate is seen within that
 * time, and the isolate that made the change deletes its own entry at once.
 *
 * When full, the least recently used entry goes: a hit moves its entry to the newest position but
 * keeps its expiry, since the TTL is the promise of how stale an answer may be.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string): { value: V } | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    // Maps iterate in insertion order: re-inserting makes this the most recently used entry.
    this.#entries.set(key, entry);
    return { value: entry.value };
  }

  set(key: string, value: V): void {
    // Only a new key can grow the map; when it is full, the least recently used entry goes.
    if (!this.#entries.delete(key) && this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}

/**
 * What the resolver remembers per hostname: what was found, and the misses (hosts that name no
 * domain, cached as `null`). The misses live in a cache of their own, so a flood of requests for
 * random hostnames evicts only other misses, never a live tenant; each such host still costs one
 * query per TTL.
 */
export class HostCache<V> {
  readonly #found: TtlCache<V>;
  readonly #missing: TtlCache<null>;

  constructor(
    ttlMs: number,
    now: () => number = Date.now,
    sizes: { found: number; missing: number } = { found: 10_000, missing: 1_000 },
  ) {
    this.#found = new TtlCache<V>(ttlMs, now, sizes.found);
    this.#missing = new TtlCache<null>(ttlMs, now, sizes.missing);
  }

  get(host: string): { value: V | null } | undefined {
    return this.#found.get(host) ?? this.#missing.get(host);
  }

  set(host: string, value: V | null): void {
    this.delete(host);
    if (value === null) this.#missing.set(host, null);
    else this.#found.set(host, value);
  }

  /** Forgets the host in both caches (`forgetHost`). */
  delete(host: string): void {
    this.#found.delete(host);
    this.#missing.delete(host);
  }
}
