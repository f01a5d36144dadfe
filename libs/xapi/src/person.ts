// xAPI 2.0 Communication §2.6 (Agents resource): a Person object combines every identifier the
// LRS knows for one person, each property an array.
import type { Account, Agent } from './types.js';

export interface Person {
  objectType: 'Person';
  name?: string[];
  mbox?: string[];
  mbox_sha1sum?: string[];
  openid?: string[];
  account?: Account[];
}

/** The Person for a set of Agents known to be the same person (duplicates dropped). */
export function personOf(agents: readonly Agent[]): Person {
  const lists = {
    name: [] as string[],
    mbox: [] as string[],
    mbox_sha1sum: [] as string[],
    openid: [] as string[],
  };
  const accounts: Account[] = [];
  const add = (list: string[], value: string | undefined) => {
    if (value !== undefined && !list.includes(value)) list.push(value);
  };
  for (const agent of agents) {
    add(lists.name, agent.name);
    add(lists.mbox, agent.mbox);
    add(lists.mbox_sha1sum, agent.mbox_sha1sum);
    add(lists.openid, agent.openid);
    const account = agent.account;
    if (account && !accounts.some((a) => a.homePage === account.homePage && a.name === account.name)) {
      accounts.push({ homePage: account.homePage, name: account.name });
    }
  }
  const person: Person = { objectType: 'Person' };
  for (const key of ['name', 'mbox', 'mbox_sha1sum', 'openid'] as const) {
    if (lists[key].length > 0) person[key] = lists[key];
  }
  if (accounts.length > 0) person.account = accounts;
  return person;
}
