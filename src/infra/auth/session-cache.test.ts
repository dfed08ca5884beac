import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../audit/audit.ts';
import { describeEachDatabase } from '../db/testing.ts';
import { AuthStore, SESSION_IDLE_MS } from './store.ts';

/** Counts the queries that read the sessions table (the session lookup). */
class SessionReads implements KyselyPlugin {
  n = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node;
    if (node.kind === 'SelectQueryNode' && JSON.stringify(node.from).includes('"sessions"')) this.n += 1;
    return node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

let serial = 0;

describeEachDatabase('sessions kept in memory until sign-in state changes (issue 13)', (getDb) => {
  /** A user with one role and a session; `at` is the clock both stores read. */
  async function signedIn(clock: { at: Date }): Promise<{ store: AuthStore; other: AuthStore; reads: SessionReads; token: string; userId: string; sessionId: string }> {
    const db = getDb().kysely;
    const reads = new SessionReads();
    // Two stores on two Kysely instances sharing the database: two app instances (each keeps its own copies).
    const store = new AuthStore(db.withPlugin(reads), () => clock.at);
    const other = new AuthStore(db.withoutPlugins(), () => clock.at);
    serial += 1;
    const user = await store.createUser({ username: `cache${String(serial)}`, displayName: 'Cache Prøve', passwordHash: null, roles: [{ role: 'national-reader', scope: { kind: 'all', id: null } }], grantedBy: 'system' });
    const { token, session } = await store.createSession(user.id, { ip: null, userAgent: null });
    return { store, other, reads, token, userId: user.id, sessionId: session.id };
  }

  it('a signed-in request reads the session once, not at every request', async () => {
    const clock = { at: new Date('2026-03-02T09:00:00Z') };
    const { store, reads, token } = await signedIn(clock);
    const before = reads.n;
    for (let k = 0; k < 10; k += 1) expect((await store.resolveSession(token))?.user.roles).toEqual([{ role: 'national-reader', scope: { kind: 'all', id: null } }]);
    expect(reads.n - before).toBe(1);
  });

  it('sign-out, a changed role and a disabled user on another instance are seen at the next request', async () => {
    const clock = { at: new Date('2026-03-02T09:00:00Z') };
    const a = await signedIn(clock);
    expect(await a.store.resolveSession(a.token)).not.toBeNull();
    await a.other.setRoles(a.userId, [{ role: 'system-admin', scope: { kind: 'all', id: null } }], null, SYSTEM_ACTOR);
    expect((await a.store.resolveSession(a.token))?.user.roles).toEqual([{ role: 'system-admin', scope: { kind: 'all', id: null } }]);
    await a.other.deleteSession(a.sessionId);
    expect(await a.store.resolveSession(a.token)).toBeNull();

    const b = await signedIn(clock);
    expect(await b.store.resolveSession(b.token)).not.toBeNull();
    await b.other.setDisabled(b.userId, true, SYSTEM_ACTOR);
    expect(await b.store.resolveSession(b.token)).toBeNull();
  });

  it('a touch by another instance keeps the session alive here; idleness ends it', async () => {
    const clock = { at: new Date('2026-03-02T09:00:00Z') };
    const { store, other, token } = await signedIn(clock);
    expect(await store.resolveSession(token)).not.toBeNull();
    // Used on the other instance after 90 minutes (touched there), then here after 150 minutes:
    // this instance's copy says idle since 09:00, the database says 10:30 — the session lives.
    clock.at = new Date(clock.at.getTime() + 90 * 60_000);
    expect(await other.resolveSession(token)).not.toBeNull();
    clock.at = new Date(clock.at.getTime() + 60 * 60_000);
    expect(await store.resolveSession(token)).not.toBeNull();
    // Then nobody for the idle limit: ended, on both instances.
    clock.at = new Date(clock.at.getTime() + SESSION_IDLE_MS);
    expect(await store.resolveSession(token)).toBeNull();
    expect(await other.resolveSession(token)).toBeNull();
  });

  it('an unknown token is never kept: the sign-in that makes it is found at once', async () => {
    const clock = { at: new Date('2026-03-02T09:00:00Z') };
    const { store, reads } = await signedIn(clock);
    const before = reads.n;
    expect(await store.resolveSession('ukendt-token')).toBeNull();
    expect(await store.resolveSession('ukendt-token')).toBeNull();
    expect(reads.n - before).toBe(2);
  });
});
