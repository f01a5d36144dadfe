// xAPI 2.0 Communication §2.5 (Activities resource) and §2.6 (Agents resource).
import { aLearner, anActivity, aStatement } from '@custos/testing';
import { describe, expect, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();

const activityUrl = (id: string) => `/xapi/activities?activityId=${encodeURIComponent(id)}`;

describe('Activities resource (Communication §2.5)', () => {
  it('returns the definition merged from the statements that carried it', async () => {
    const xapi = await lrs.client();
    const activity = anActivity();
    await xapi.postStatements(
      aStatement({ object: { ...activity, definition: { name: { 'en-US': 'Unit 3' } } } }),
    );
    await xapi.postStatements(
      aStatement({
        object: {
          ...activity,
          definition: { name: { 'fr-FR': 'Unité 3' }, type: 'http://adlnet.gov/expapi/activities/lesson' },
        },
      }),
    );
    const res = await xapi.request<{ id: string; objectType: string; definition: Record<string, unknown> }>(
      'GET',
      activityUrl(activity.id),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      objectType: 'Activity',
      id: activity.id,
      definition: {
        name: { 'en-US': 'Unit 3', 'fr-FR': 'Unité 3' },
        type: 'http://adlnet.gov/expapi/activities/lesson',
      },
    });
  });

  it('keeps every language when two statements of one batch define the same Activity', async () => {
    const xapi = await lrs.client();
    const activity = anActivity();
    await xapi.postStatements([
      aStatement({ object: { ...activity, definition: { description: { 'en-US': 'example meeting' } } } }),
      aStatement({ object: { ...activity, definition: { description: { 'fr-FR': 'réunion exemple' } } } }),
    ]);
    const res = await xapi.request<{ definition: Record<string, unknown> }>('GET', activityUrl(activity.id));
    expect(res.body.definition.description).toEqual({
      'en-US': 'example meeting',
      'fr-FR': 'réunion exemple',
    });
  });

  it('answers an unknown Activity with its id', async () => {
    const xapi = await lrs.client();
    const id = anActivity().id;
    const res = await xapi.request('GET', activityUrl(id));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ objectType: 'Activity', id });
  });

  it('keeps definitions per tenant', async () => {
    const first = await lrs.client();
    const second = await lrs.client();
    const activity = anActivity();
    await first.postStatements(
      aStatement({ object: { ...activity, definition: { name: { en: 'secret course' } } } }),
    );
    expect((await second.request('GET', activityUrl(activity.id))).body).toEqual({
      objectType: 'Activity',
      id: activity.id,
    });
  });

  it('requires activityId and rejects other parameters', async () => {
    const xapi = await lrs.client();
    expect((await xapi.request('GET', '/xapi/activities')).status).toBe(400);
    expect((await xapi.request('GET', `${activityUrl(anActivity().id)}&foo=1`)).status).toBe(400);
  });
});

describe('Agents resource (Communication §2.6)', () => {
  it('returns a Person object with each identifier in an array', async () => {
    const xapi = await lrs.client();
    const learner = aLearner();
    const res = await xapi.request(
      'GET',
      `/xapi/agents?agent=${encodeURIComponent(JSON.stringify(learner))}`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ objectType: 'Person', name: [learner.name], mbox: [learner.mbox] });
  });

  it('rejects a missing or invalid agent with 400', async () => {
    const xapi = await lrs.client();
    expect((await xapi.request('GET', '/xapi/agents')).status).toBe(400);
    expect(
      (await xapi.request('GET', `/xapi/agents?agent=${encodeURIComponent('{"name":"no identifier"}')}`))
        .status,
    ).toBe(400);
  });

  it('answers 403 to a credential that may not read learner data', async () => {
    const writer = await lrs.client({ scopes: ['statements/write'] });
    const res = await writer.request(
      'GET',
      `/xapi/agents?agent=${encodeURIComponent(JSON.stringify(aLearner()))}`,
    );
    expect(res.status).toBe(403);
  });
});
