// People and groups: who can sign in, their roles and linked learner identities (their xAPI agents); add a
// person, change one; create groups and choose their members. Everything the /api/v1 people API offers.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { PageTitle } from '../pages/PageTitle';
import { QueryStatus } from '../pages/QueryError';
import {
  createGroup,
  createPerson,
  type Group,
  listGroups,
  listPeople,
  type Person,
  type Role,
  ROLES,
  setGroupMembers,
  tenantSettings,
  updatePerson,
} from './api';
import {
  CheckboxGroup,
  ErrorSummary,
  errorUnder,
  failureText,
  type FieldErrors,
  linesOf,
  serverFieldErrors,
  StatusMessage,
  TextField,
} from './forms';
import { useToken } from './useToken';
import { Table } from '../components/Table';

const PEOPLE = ['admin', 'people'];
const GROUPS = ['admin', 'groups'];
const SETTINGS = ['admin', 'tenant-settings'];

type Agent = Record<string, unknown>;
const emailOf = (a: Agent) => (typeof a.mbox === 'string' ? a.mbox.replace(/^mailto:/, '') : undefined);

/** An identity as people read it: the e-mail address, else the account, else the identifier itself. */
function agentText(a: Agent): string {
  const email = emailOf(a);
  if (email) return email;
  const account = a.account as { homePage?: string; name?: string } | undefined;
  if (account) return `${account.name ?? ''} (${account.homePage ?? ''})`;
  const other = a.openid ?? a.mbox_sha1sum;
  return typeof other === 'string' ? other : '';
}

export const nameOf = (p: Person) => p.displayName ?? p.username;

function PersonForm({
  person,
  people = [],
  onDone,
}: {
  person?: Person;
  people?: Person[];
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const token = useToken();
  const queries = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const [username, setUsername] = useState(person?.username ?? '');
  const [displayName, setDisplayName] = useState(person?.displayName ?? '');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>(person?.roles ?? ['learner']);
  const [emails, setEmails] = useState((person?.agents ?? []).map(emailOf).filter(Boolean).join('\n'));
  const [disabled, setDisabled] = useState(!!person?.disabledAt);
  const [birthDate, setBirthDate] = useState(person?.birthDate ?? '');
  const [minorUntil, setMinorUntil] = useState(person?.minorUntil ?? '');
  const [guardianIds, setGuardianIds] = useState<string[]>(person?.guardianIds ?? []);
  const guardians = people.filter((p) => p.roles.includes('guardian') && p.id !== person?.id);
  const settings = useQuery({ queryKey: SETTINGS, queryFn: () => tenantSettings(token) });
  const [errors, setErrors] = useState<FieldErrors>({});
  // Identities other than e-mail addresses are kept as they are: this form edits only the addresses.
  const others = (person?.agents ?? []).filter((a) => !emailOf(a));
  useEffect(() => {
    if (person) heading.current?.focus();
  }, [person]);
  const save = useMutation({
    mutationFn: () => {
      const agents = [
        ...others,
        ...linesOf(emails).map((e) => ({ mbox: `mailto:${e.replace(/^mailto:/, '')}` })),
      ];
      const name = displayName.trim();
      return person
        ? updatePerson(token, person.id, {
            displayName: name || null,
            roles,
            agents,
            disabled,
            birthDate: birthDate || null,
            minorUntil: minorUntil || null,
            guardianIds,
            ...(password ? { password } : {}),
          })
        : createPerson(token, {
            username: username.trim(),
            roles,
            agents,
            ...(name ? { displayName: name } : {}),
            ...(password ? { password } : {}),
          });
    },
    onSuccess: (saved) => {
      void queries.invalidateQueries({ queryKey: PEOPLE });
      if (!person) {
        setUsername('');
        setDisplayName('');
        setPassword('');
        setEmails('');
      }
      onDone(t(person ? 'admin.people.savedMsg' : 'admin.people.createdMsg', { name: nameOf(saved) }));
    },
    onError: (err) => setErrors(serverFieldErrors(err)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!person && !username.trim()) {
      found.username = `${t('admin.people.username')}: ${t('admin.form.required')}`;
    }
    setErrors(found);
    save.reset();
    if (Object.keys(found).length === 0) save.mutate();
  };
  const prefix = person ? `edit-${person.id}` : 'new-person';
  const title = person
    ? t('admin.people.editHeading', { name: nameOf(person) })
    : t('admin.people.createHeading');
  return (
    <section aria-labelledby={`${prefix}-heading`}>
      <h2 id={`${prefix}-heading`} ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <form onSubmit={submit} noValidate className="panel">
        <ErrorSummary errors={errors} failure={save.isError ? failureText(save.error, t) : undefined} />
        {!person && (
          <TextField
            id={`${prefix}-username`}
            label={t('admin.people.username')}
            value={username}
            onChange={setUsername}
            error={errors.username}
            required
            autoComplete="off"
          />
        )}
        <TextField
          id={`${prefix}-name`}
          label={t('admin.people.displayName')}
          value={displayName}
          onChange={setDisplayName}
          error={errors.displayName}
          autoComplete="off"
        />
        <TextField
          id={`${prefix}-password`}
          type="password"
          label={t('admin.people.password')}
          hint={t(person ? 'admin.people.newPasswordHint' : 'admin.people.passwordHint')}
          value={password}
          onChange={setPassword}
          error={errors.password}
          autoComplete="new-password"
        />
        <CheckboxGroup
          legend={t('admin.people.roles')}
          values={ROLES}
          labelOf={(r) => t(`admin.role.${r}`)}
          checked={roles}
          onChange={setRoles}
          error={errors.roles}
        />
        <TextField
          id={`${prefix}-agents`}
          multiline
          label={t('admin.people.agents')}
          hint={
            others.length > 0
              ? `${t('admin.people.agentsHint')} ${t('admin.people.otherAgents', { count: others.length })}`
              : t('admin.people.agentsHint')
          }
          value={emails}
          onChange={setEmails}
          error={errorUnder(errors, 'agents')}
          spellCheck={false}
        />
        {person && (
          <div className="check">
            <input
              type="checkbox"
              id={`${prefix}-disabled`}
              checked={disabled}
              onChange={(e) => setDisabled(e.target.checked)}
            />
            <label htmlFor={`${prefix}-disabled`}>{t('admin.people.disable')}</label>
          </div>
        )}
        {person && (
          <>
            <TextField
              id={`${prefix}-birth-date`}
              type="date"
              label={t('admin.people.birthDate')}
              hint={t('admin.people.birthDateHint', { age: settings.data?.ageOfDigitalConsent ?? 16 })}
              value={birthDate}
              onChange={setBirthDate}
              error={errors.birthDate}
            />
            <TextField
              id={`${prefix}-minor-until`}
              type="date"
              label={t('admin.people.minorUntil')}
              hint={t('admin.people.minorUntilHint')}
              value={minorUntil}
              onChange={setMinorUntil}
              error={errors.minorUntil}
            />
            {guardians.length === 0 ? (
              <p className="hint">{t('admin.people.noGuardians')}</p>
            ) : (
              <CheckboxGroup
                legend={t('admin.people.guardians')}
                values={guardians.map((g) => g.id)}
                labelOf={(id) => {
                  const g = guardians.find((x) => x.id === id)!;
                  return `${nameOf(g)} (${g.username})`;
                }}
                checked={guardianIds}
                onChange={setGuardianIds}
                error={errorUnder(errors, 'guardianIds')}
              />
            )}
          </>
        )}
        <div className="actions">
          <button type="submit" disabled={save.isPending}>
            {save.isPending
              ? t('admin.form.saving')
              : person
                ? t('admin.form.save')
                : t('admin.people.create')}
          </button>
          {person && (
            <button type="button" className="secondary" onClick={() => onDone('')}>
              {t('admin.form.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

function MembersForm({
  group,
  people,
  onDone,
}: {
  group: Group;
  people: Person[];
  onDone: (m: string) => void;
}) {
  const { t } = useTranslation();
  const token = useToken();
  const queries = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const [members, setMembers] = useState<string[]>(group.memberIds);
  useEffect(() => heading.current?.focus(), []);
  const save = useMutation({
    mutationFn: () => setGroupMembers(token, group.id, members),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: GROUPS });
      void queries.invalidateQueries({ queryKey: PEOPLE });
      onDone(t('admin.people.membersSaved', { name: group.name }));
    },
  });
  return (
    <section aria-labelledby="members-heading">
      <h3 id="members-heading" ref={heading} tabIndex={-1}>
        {t('admin.people.membersHeading', { name: group.name })}
      </h3>
      <form
        className="panel"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <ErrorSummary errors={{}} failure={save.isError ? failureText(save.error, t) : undefined} />
        <CheckboxGroup
          legend={t('admin.people.members')}
          values={people.map((p) => p.id)}
          labelOf={(id) => {
            const p = people.find((x) => x.id === id)!;
            return `${nameOf(p)} (${p.username})`;
          }}
          checked={members}
          onChange={setMembers}
        />
        <div className="actions">
          <button type="submit" disabled={save.isPending}>
            {save.isPending ? t('admin.form.saving') : t('admin.form.save')}
          </button>
          <button type="button" className="secondary" onClick={() => onDone('')}>
            {t('admin.form.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

function Groups({ people }: { people: Person[] }) {
  const { t } = useTranslation();
  const token = useToken();
  const queries = useQueryClient();
  const groups = useQuery({ queryKey: GROUPS, queryFn: () => listGroups(token) });
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [editing, setEditing] = useState<Group>();
  const [status, setStatus] = useState<string>();
  const create = useMutation({
    mutationFn: () => createGroup(token, name.trim()),
    onSuccess: (g) => {
      setName('');
      setStatus(t('admin.people.groupCreated', { name: g.name }));
      void queries.invalidateQueries({ queryKey: GROUPS });
    },
    onError: (err) => setErrors(serverFieldErrors(err)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = name.trim()
      ? {}
      : { name: `${t('admin.people.groupName')}: ${t('admin.form.required')}` };
    setErrors(found);
    create.reset();
    if (!found.name) create.mutate();
  };
  const byId = new Map(people.map((p) => [p.id, p]));
  return (
    <section aria-labelledby="groups-heading">
      <h2 id="groups-heading">{t('admin.people.groupsHeading')}</h2>
      <p>{t('admin.people.groupsIntro')}</p>
      <StatusMessage>{status}</StatusMessage>
      <QueryStatus
        query={{ isPending: false, error: groups.error }}
        empty={groups.data?.length === 0 && t('admin.people.groupsEmpty')}
      />
      {groups.data && groups.data.length > 0 && (
        <Table
          caption={t('admin.people.groupCaption')}
          columns={[
            t('admin.people.groupName'),
            t('admin.people.members'),
            { label: t('admin.credentials.actions'), hidden: true },
          ]}
        >
          {groups.data.map((g) => (
            <tr key={g.id}>
              <th scope="row">{g.name}</th>
              <td>
                {g.memberIds.map((id) => (byId.get(id) ? nameOf(byId.get(id)!) : id)).join(', ') ||
                  t('admin.people.none')}
              </td>
              <td>
                <button
                  type="button"
                  className="secondary"
                  aria-label={t('admin.people.editMembersNamed', { name: g.name })}
                  onClick={() => setEditing(g)}
                >
                  {t('admin.people.editMembers')}
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {editing && (
        <MembersForm
          key={editing.id}
          group={editing}
          people={people}
          onDone={(m) => {
            setEditing(undefined);
            if (m) setStatus(m);
          }}
        />
      )}
      <form onSubmit={submit} noValidate className="panel inline">
        <ErrorSummary errors={errors} failure={create.isError ? failureText(create.error, t) : undefined} />
        <TextField
          id="group-name"
          label={t('admin.people.groupName')}
          value={name}
          onChange={setName}
          error={errors.name}
          required
          autoComplete="off"
        />
        <button type="submit" disabled={create.isPending}>
          {t('admin.people.createGroup')}
        </button>
      </form>
    </section>
  );
}

export function PeoplePage() {
  const { t } = useTranslation();
  const token = useToken();
  const people = useQuery({ queryKey: PEOPLE, queryFn: () => listPeople(token) });
  const groups = useQuery({ queryKey: GROUPS, queryFn: () => listGroups(token) });
  const [editing, setEditing] = useState<Person>();
  const [status, setStatus] = useState<string>();
  const groupName = new Map((groups.data ?? []).map((g) => [g.id, g.name]));
  const done = (message: string) => {
    setEditing(undefined);
    if (message) setStatus(message);
  };
  return (
    <>
      <PageTitle>{t('admin.people.title')}</PageTitle>
      <p>{t('admin.people.intro')}</p>
      <StatusMessage>{status}</StatusMessage>
      <QueryStatus query={people} empty={people.data?.length === 0 && t('admin.people.empty')} />
      {people.data && people.data.length > 0 && (
        <Table
          caption={t('admin.people.caption')}
          columns={[
            t('admin.people.username'),
            t('admin.people.displayName'),
            t('admin.people.roles'),
            t('admin.people.agents'),
            t('admin.people.groups'),
            t('admin.people.status'),
            { label: t('admin.credentials.actions'), hidden: true },
          ]}
        >
          {people.data.map((p) => (
            <tr key={p.id}>
              <th scope="row">{p.username}</th>
              <td>{p.displayName ?? t('admin.people.none')}</td>
              <td>
                {[
                  ...p.roles.map((r) => t(`admin.role.${r}`)),
                  ...(p.minor ? [t('admin.people.minor')] : []),
                ].join(', ') || t('admin.people.none')}
              </td>
              <td>{p.agents.map(agentText).join(', ') || t('admin.people.none')}</td>
              <td>{p.groupIds.map((id) => groupName.get(id) ?? id).join(', ') || t('admin.people.none')}</td>
              <td className={p.disabledAt ? 'denied' : undefined}>
                {p.disabledAt ? t('admin.people.disabled') : t('admin.people.active')}
              </td>
              <td>
                <button
                  type="button"
                  className="secondary"
                  aria-label={t('admin.people.editNamed', { name: nameOf(p) })}
                  onClick={() => setEditing(p)}
                >
                  {t('admin.people.edit')}
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {editing ? (
        <PersonForm key={editing.id} person={editing} people={people.data ?? []} onDone={done} />
      ) : (
        <PersonForm key="new" onDone={done} />
      )}
      {people.data && <Groups people={people.data} />}
    </>
  );
}
