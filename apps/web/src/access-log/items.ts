// How many items an access-log entry touched, as the page says it. A read by someone else that also
// covered other learners has no count (the API leaves it out so the total reveals nothing about them):
// the page says the number is not shown, and why, rather than guessing one.
export type ItemsShown = { kind: 'count'; count: number } | { kind: 'none' } | { kind: 'hidden' };

export function itemsShown(count: number | undefined | null): ItemsShown {
  if (typeof count !== 'number' || !Number.isFinite(count)) return { kind: 'hidden' };
  return count > 0 ? { kind: 'count', count } : { kind: 'none' };
}
