import { describe, expect, it } from 'vitest';

import { RecentAnswers } from './recent-answers.js';

describe('RecentAnswers', () => {
  it('reuses an answer until it is older than the TTL, then asks again', async () => {
    let clock = 0;
    const memo = new RecentAnswers<number>(1000, 10, () => clock);
    let asked = 0;
    const ask = () => memo.get('k', () => Promise.resolve(++asked));
    expect(await ask()).toBe(1);
    clock = 999;
    expect(await ask()).toBe(1);
    clock = 1000;
    expect(await ask()).toBe(2);
  });

  it('keeps at most maxEntries answers, dropping the oldest', async () => {
    const memo = new RecentAnswers<string>(60_000, 2);
    let asked = 0;
    const ask = (key: string) => memo.get(key, () => Promise.resolve(`${key}${++asked}`));
    await ask('a');
    await ask('b');
    await ask('c');
    expect(await ask('b')).toBe('b2');
    expect(await ask('a')).toBe('a4');
  });
});
