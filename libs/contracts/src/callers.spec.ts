import { describe, expect, it } from 'vitest';

import { Callers, Consumers, DurableConsumers, mayCall, PARTS, partsCalledBy } from './callers.js';
import { Events, owningService, Requests } from './subjects.js';

describe('the callers table', () => {
  it('names a caller for every request and a part for every subject owner', () => {
    expect(Object.keys(Callers).sort()).toEqual(Object.keys(Requests).sort());
    expect(Object.keys(Consumers).sort()).toEqual(Object.keys(Events).sort());
    for (const [subject, callers] of Object.entries(Callers)) {
      expect(PARTS).toContain(owningService(subject as keyof typeof Callers));
      expect(callers.length, subject).toBeGreaterThan(0);
    }
  });

  it('keeps storage behind query and ingest, and authentication behind the gateway', () => {
    expect(mayCall('gateway', 'storage.v1.statements.read')).toBe(false);
    expect(mayCall('ingest', 'storage.v1.statements.read')).toBe(false);
    expect(mayCall('query', 'storage.v1.statements.read')).toBe(true);
    expect(mayCall('query', 'consent.v1.credentials.authenticate')).toBe(false);
    expect(partsCalledBy('gateway').sort()).toEqual(['consent', 'ingest', 'query', 'storage']);
    expect(partsCalledBy('ingest')).toEqual(['storage']);
    expect(partsCalledBy('storage')).toEqual([]);
  });

  it('names a durable consumer for every part that consumes an event, and for no other', () => {
    for (const [event, parts] of Object.entries(Consumers)) {
      const durables = (DurableConsumers as Record<string, Record<string, string>>)[event] ?? {};
      expect(Object.keys(durables).sort(), event).toEqual([...parts].sort());
    }
  });
});
