import { useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, type ApiResponse, type Role, type RoleName, type User } from '../../lib/api.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorAlert, Loading, SuccessAlert } from '../../components/ErrorAlert.tsx';
import { useLoad } from '../../lib/query.ts';
import { useI18n } from '../../lib/text/i18n.ts';
import { AdminNav, AdminOnly, ROLE_NAMES, roleKey, roleLabel, useScopeNames, type ScopeNames } from './AdminCommon.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { clusterLabel } from '../../lib/scope.ts';

/** Users with their roles; create a local user; change a user's roles (system administrators). */
export function AdminUsersPage() {
  const { t } = useI18n();
  return (
    <AdminOnly title={t('users.title')}>
      <AdminUsersContent />
    </AdminOnly>
  );
}

function AdminUsersContent() {
  const { t } = useI18n();
  const users = useLoad(() => api<ApiResponse<'/api/admin/users'>>('/api/admin/users').then((r) => r.users), ['admin', 'users', 'list']);
  const names = useScopeNames();
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<ListedUser | null>(null);
  const [error, setError] = useState<string | null>(null);

  function setDisabled(u: ListedUser, disabled: boolean) {
    setNotice(null);
    setError(null);
    api<ApiResponse<'/api/admin/users/{id}/disabled', 'put'>>(`/api/admin/users/${encodeURIComponent(u.id)}/disabled`, { method: 'PUT', json: { disabled } }).then(
      () => {
        setNotice(t(disabled ? 'users.disabledNotice' : 'users.enabledNotice', { name: u.displayName }));
        users.reload();
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <>
      <AdminNav current="users" />
      <h1>{t('users.title')}</h1>
      <p>{t('users.intro')}</p>
      <SuccessAlert message={notice} />
      <ErrorAlert message={error} />
      {users.loading && !users.data ? <Loading /> : null}
      <ErrorAlert message={users.error ?? names.error} />
      {users.data ? (
        <ScrollRegion>
          <table className="table table--zebra table--compact admin-users">
            <caption>{t('users.caption', { count: users.data.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.username')}</th>
                <th scope="col">{t('users.displayName')}</th>
                <th scope="col">{t('users.roles')}</th>
                <th scope="col">{t('users.status')}</th>
                <th scope="col">
                  <span className="sr-only">{t('users.editRoles')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.username}</th>
                  <td>{u.displayName}</td>
                  <td>
                    {u.roles.length === 0 ? (
                      <span className="admin-muted">{t('users.noRoles')}</span>
                    ) : (
                      <ul className="nobullet-list role-list">
                        {u.roles.map((r) => (
                          <li key={roleKey(r)}>{roleLabel(r, t, names.data)}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>{u.disabled ? <strong>{t('users.disabledStatus')}</strong> : t('users.active')}</td>
                  <td>
                    <button
                      type="button"
                      className="button button-tertiary"
                      aria-label={t('users.editRolesFor', { name: u.displayName })}
                      onClick={() => {
                        setNotice(null);
                        setEditing(u);
                      }}
                    >
                      {t('users.editRoles')}
                    </button>
                    <button
                      type="button"
                      className="button button-tertiary"
                      aria-label={t('users.resetPasswordFor', { name: u.displayName })}
                      onClick={() => {
                        setNotice(null);
                        setResetting(u);
                      }}
                    >
                      {t('users.resetPassword')}
                    </button>
                    <button type="button" className="button button-tertiary" aria-label={t(u.disabled ? 'users.enableFor' : 'users.disableFor', { name: u.displayName })} onClick={() => setDisabled(u, !u.disabled)}>
                      {t(u.disabled ? 'users.enable' : 'users.disable')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
      <CreateUser
        names={names.data}
        onCreated={(u) => {
          setNotice(t('users.created', { name: `${u.displayName} (${u.username})` }));
          users.reload();
        }}
      />
      {resetting ? (
        <ResetPassword
          user={resetting}
          onClose={() => setResetting(null)}
          onDone={(u) => {
            setResetting(null);
            setNotice(t('users.passwordReset', { name: u.displayName }));
          }}
        />
      ) : null}
      {editing ? (
        <EditRoles
          user={editing}
          names={names.data}
          onClose={() => setEditing(null)}
          onSaved={(u) => {
            setEditing(null);
            setNotice(t('users.rolesSaved', { name: u.displayName }));
            users.reload();
          }}
        />
      ) : null}
    </>
  );
}

/** A field's error from the server's problem document (`errors[].path` like `body/password`). */
function fieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  const list = (e.problem as { errors?: { path?: string; message: string }[] }).errors ?? [];
  for (const item of list) {
    const field = (item.path ?? '').replace(/^body\/?/, '').split('/')[0] ?? '';
    if (field !== '' && out[field] === undefined) out[field] = item.message;
  }
  return out;
}

function CreateUser(props: { names: ScopeNames | null; onCreated: (u: User) => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [editorKey, setEditorKey] = useState(0);
  const errorRef = useRef<HTMLDivElement>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setFields({});
    api<ApiResponse<'/api/admin/users', 'post'>>('/api/admin/users', { method: 'POST', json: { username, displayName, password, roles } })
      .then(
        (created) => {
          setUsername('');
          setDisplayName('');
          setPassword('');
          setRoles([]);
          setEditorKey((k) => k + 1);
          props.onCreated(created);
        },
        (e: unknown) => {
          const byField = fieldErrors(e);
          setFields(byField);
          setError(Object.keys(byField).length > 0 ? t('users.invalid') : errorMessage(e));
          // Move focus to the message so a keyboard or screen-reader user hears what went wrong.
          requestAnimationFrame(() => errorRef.current?.focus());
        },
      )
      .finally(() => setBusy(false));
  }

  const field = (name: string, label: string, input: (describedBy: string | undefined) => React.ReactNode, hint?: string) => {
    const id = `create-${name}`;
    const message = fields[name];
    const describedBy = [hint ? `${id}-hint` : null, message ? `${id}-error` : null].filter((x) => x !== null).join(' ') || undefined;
    return (
      <div className={`form-group${message ? ' form-error' : ''}`}>
        <label className="form-label" htmlFor={id}>
          {label}
        </label>
        {hint ? (
          <span className="form-hint" id={`${id}-hint`}>
            {hint}
          </span>
        ) : null}
        {message ? (
          <span className="form-error-message" id={`${id}-error`}>
            <span className="sr-only">{t('error.heading')}: </span>
            {message}
          </span>
        ) : null}
        {input(describedBy)}
      </div>
    );
  };

  return (
    <section className="admin-create-user">
      <h2>{t('users.create')}</h2>
      <p>{t('users.createIntro')}</p>
      <div ref={errorRef} tabIndex={-1} className="focus-target">
        <ErrorAlert message={error} />
      </div>
      <form onSubmit={submit} noValidate>
        {field(
          'username',
          t('users.username'),
          (d) => <input className="form-input" id="create-username" autoComplete="off" value={username} aria-describedby={d} aria-invalid={fields['username'] ? true : undefined} onChange={(e) => setUsername(e.target.value)} />,
          t('users.usernameHint'),
        )}
        {field('displayName', t('users.displayName'), (d) => (
          <input className="form-input" id="create-displayName" autoComplete="off" value={displayName} aria-describedby={d} aria-invalid={fields['displayName'] ? true : undefined} onChange={(e) => setDisplayName(e.target.value)} />
        ))}
        {field(
          'password',
          t('users.password'),
          (d) => (
            <input className="form-input" id="create-password" type="password" autoComplete="new-password" value={password} aria-describedby={d} aria-invalid={fields['password'] ? true : undefined} onChange={(e) => setPassword(e.target.value)} />
          ),
          t('users.passwordHint'),
        )}
        <RoleEditor key={editorKey} idPrefix="create" roles={roles} names={props.names} onChange={setRoles} />
        {fields['roles'] ? <ErrorAlert message={fields['roles']} /> : null}
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('users.submit')}
        </button>
      </form>
    </section>
  );
}

/** A user as the administrator's list shows it: with whether the account is disabled. */
type ListedUser = ApiResponse<'/api/admin/users'>['users'][number];

function ResetPassword(props: { user: ListedUser; onClose: () => void; onDone: (u: ListedUser) => void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function save() {
    setBusy(true);
    setError(null);
    api(`/api/admin/users/${encodeURIComponent(props.user.id)}/password`, { method: 'PUT', json: { password } }).then(
      () => props.onDone(props.user),
      (e: unknown) => {
        setBusy(false);
        setError(errorMessage(e));
      },
    );
  }

  return (
    <Dialog
      title={t('users.resetPasswordFor', { name: props.user.displayName })}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="button button-primary" onClick={save} disabled={busy}>
            {t('admin.save')}
          </button>
          <button type="button" className="button button-secondary" onClick={props.onClose}>
            {t('admin.cancel')}
          </button>
        </>
      }
    >
      <p>{t('users.resetIntro')}</p>
      <ErrorAlert message={error} />
      <div className="form-group">
        <label className="form-label" htmlFor="reset-password">
          {t('users.password')}
        </label>
        <span className="form-hint" id="reset-password-hint">
          {t('users.passwordHint')}
        </span>
        <input className="form-input" id="reset-password" type="password" autoComplete="new-password" aria-describedby="reset-password-hint" value={password} onChange={(e) => setPassword(e.target.value)} />
      </div>
    </Dialog>
  );
}

function EditRoles(props: { user: User; names: ScopeNames | null; onClose: () => void; onSaved: (u: User) => void }) {
  const { t } = useI18n();
  const [roles, setRoles] = useState<Role[]>(props.user.roles);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function save() {
    setBusy(true);
    setError(null);
    api<ApiResponse<'/api/admin/users/{id}/roles', 'put'>>(`/api/admin/users/${encodeURIComponent(props.user.id)}/roles`, { method: 'PUT', json: { roles } }).then(props.onSaved, (e: unknown) => {
      setBusy(false);
      setError(errorMessage(e));
    });
  }

  return (
    <Dialog
      title={t('users.editRolesFor', { name: props.user.displayName })}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="button button-primary" onClick={save} disabled={busy}>
            {t('admin.save')}
          </button>
          <button type="button" className="button button-secondary" onClick={props.onClose}>
            {t('admin.cancel')}
          </button>
        </>
      }
    >
      <ErrorAlert message={error} />
      <RoleEditor idPrefix="edit" roles={roles} names={props.names} onChange={setRoles} />
    </Dialog>
  );
}

/** Where a role may apply (policy.ts ALLOWED_SCOPES). */
function scopeKinds(role: RoleName): Role['scope']['kind'][] {
  switch (role) {
    case 'system-admin':
    case 'national-reader':
      return ['all'];
    case 'cluster-secretariat':
      return ['cluster'];
    case 'finance-officer':
      return ['municipality', 'region'];
    case 'ssu-member':
      return ['region'];
  }
}

/**
 * The roles being edited, each with a remove button, and a role select plus a scope select
 * (filled from the register) to add one. Plain buttons and selects: all keyboard-usable.
 */
function RoleEditor(props: { idPrefix: string; roles: Role[]; names: ScopeNames | null; onChange: (roles: Role[]) => void }) {
  const { t } = useI18n();
  const { names } = props;
  const headingId = useId();
  const [role, setRole] = useState<RoleName>('finance-officer');
  const [scope, setScope] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const kinds = scopeKinds(role);
  const needsScope = !kinds.includes('all');
  const roleId = `${props.idPrefix}-role`;
  const scopeId = `${props.idPrefix}-scope`;

  function add() {
    let next: Role;
    if (!needsScope) next = { role, scope: { kind: 'all', id: null } };
    else {
      const [kind, id] = scope.split('|');
      if (!kind || !id) {
        setMessage({ text: t('roles.chooseScopeFirst'), error: true });
        document.getElementById(scopeId)?.focus();
        return;
      }
      next = { role, scope: { kind: kind as Role['scope']['kind'], id } };
    }
    if (props.roles.some((r) => roleKey(r) === roleKey(next))) {
      setMessage({ text: t('roles.duplicate'), error: true });
      return;
    }
    props.onChange([...props.roles, next]);
    setScope('');
    setMessage({ text: t('roles.added', { role: roleLabel(next, t, names) }), error: false });
  }

  return (
    <fieldset className="role-editor">
      <legend className="h3" id={headingId}>
        {t('roles.current')}
      </legend>
      {props.roles.length === 0 ? (
        <p className="role-editor-empty">{t('roles.none')}</p>
      ) : (
        <ul className="nobullet-list role-editor-list" aria-labelledby={headingId}>
          {props.roles.map((r) => {
            const label = roleLabel(r, t, names);
            return (
              <li key={roleKey(r)}>
                <span>{label}</span>
                <button
                  type="button"
                  className="button button-tertiary"
                  aria-label={t('roles.removeLabel', { role: label })}
                  onClick={() => {
                    props.onChange(props.roles.filter((x) => roleKey(x) !== roleKey(r)));
                    setMessage(null);
                    document.getElementById(roleId)?.focus();
                  }}
                >
                  {t('roles.remove')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="role-editor-add">
        <div className="form-group">
          <label className="form-label" htmlFor={roleId}>
            {t('roles.role')}
          </label>
          <select
            className="form-select"
            id={roleId}
            value={role}
            onChange={(e) => {
              setRole(e.target.value as RoleName);
              setScope('');
              setMessage(null);
            }}
          >
            {ROLE_NAMES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </div>
        {needsScope ? (
          <div className="form-group">
            <label className="form-label" htmlFor={scopeId}>
              {t('roles.scope')}
            </label>
            <select className="form-select" id={scopeId} value={scope} onChange={(e) => setScope(e.target.value)}>
              <option value="">{t('roles.chooseScope')}</option>
              {kinds.includes('cluster')
                ? groupBy(names?.clusters ?? [], (c) => c.regionName).map(([regionName, clusters]) => (
                    <optgroup key={regionName} label={regionName}>
                      {clusters.map((c) => (
                        <option key={c.id} value={`cluster|${c.id}`}>
                          {clusterLabel(c)}
                        </option>
                      ))}
                    </optgroup>
                  ))
                : null}
              {kinds.includes('region') ? (
                <optgroup label={t('roles.regions')}>
                  {(names?.regions ?? []).map((r) => (
                    <option key={r.code} value={`region|${r.code}`}>
                      {r.name}
                    </option>
                  ))}
                </optgroup>
              ) : null}
              {kinds.includes('municipality') ? (
                <optgroup label={t('roles.municipalities')}>
                  {(names?.municipalities ?? []).map((m) => (
                    <option key={m.code} value={`municipality|${m.code}`}>
                      {m.name}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </select>
          </div>
        ) : null}
        <div className="form-group">
          <button type="button" className="button button-secondary" onClick={add}>
            {t('roles.add')}
          </button>
        </div>
      </div>
      <p className={message?.error ? 'form-error-message role-editor-message' : 'role-editor-message'} role="status">
        {message?.text ?? ''}
      </p>
    </fieldset>
  );
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): [string, T[]][] {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k) ?? [];
    list.push(item);
    out.set(k, list);
  }
  return [...out];
}
