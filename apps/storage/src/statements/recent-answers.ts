// A small memo of recent answers that only steer how a query is written, never what it returns (so a stale
// answer costs at most a slower plan for a few seconds, and no one sees more or less than they may).

export class RecentAnswers<V> {
  private readonly answers = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The answer kept for `key` if younger than the TTL, or `compute`'s, then kept. */
  async get(key: string, compute: () => Promise<V>): Promise<V> {
    const kept = this.answers.get(key);
    if (kept !== undefined && kept.until > this.now()) return kept.value;
    const value = await compute();
    this.answers.delete(key);
    // Oldest first out: a Map iterates in insertion order.
    if (this.answers.size >= this.maxEntries) this.answers.delete(this.answers.keys().next().value!);
    this.answers.set(key, { value, until: this.now() + this.ttlMs });
    return value;
  }
}
