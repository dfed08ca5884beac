import type { Kysely } from 'kysely';
import type { JsonValue, Schema } from '../db/schema.ts';
import type { AuditEntry } from './audit.ts';

/**
 * Readable names for the ids an audit page shows (issue 12, item 5): records and values are
 * stored by id — UUIDs of users, initiatives, meetings and evaluations, cluster ids — which an
 * administrator cannot read. Only ids that occur in the given entries are looked up. An id that
 * no longer exists (a deleted record) has no name and is shown as it is.
 */
export async function auditNames(db: Kysely<Schema>, entries: readonly AuditEntry[]): Promise<Record<string, string>> {
  const ids = new Set<string>();
  const collect = (v: JsonValue | null | undefined): void => {
    if (typeof v === 'string') ids.add(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(collect);
  };
  for (const e of entries) {
    ids.add(e.entityId);
    collect(e.before);
    collect(e.after);
  }
  const uuids = [...ids].filter((s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s));
  // A cluster id, or a cluster-year (`hovedstaden-syd/2022`, with a party: `…/2022/101`).
  const COMPOSITE = /^([a-z]+(?:-[a-z0-9]+)+)\/(\d{4})(?:\/(\d{3,4}))?$/;
  const composites = [...ids].map((s) => COMPOSITE.exec(s)).filter((m) => m !== null);
  const slugs = [...new Set([...[...ids].filter((s) => /^[a-z]+(-[a-z0-9]+)+$/.test(s)), ...composites.map((m) => m[1] ?? '')])];
  const names: Record<string, string> = {};
  // A user's records are kept by username (it survives in the trail as typed); named with the display name.
  const usernames = [...new Set(entries.filter((e) => e.entity === 'user').map((e) => e.entityId))];
  if (usernames.length > 0) {
    for (const u of await db.selectFrom('users').select(['username', 'display_name']).where('username', 'in', usernames).execute()) names[u.username] = `${u.display_name} (${u.username})`;
  }
  if (uuids.length > 0) {
    const [users, initiatives, meetings, evaluations] = await Promise.all([
      db.selectFrom('users').select(['id', 'username', 'display_name']).where('id', 'in', uuids).execute(),
      db.selectFrom('initiatives').select(['id', 'number', 'title']).where('id', 'in', uuids).execute(),
      db.selectFrom('meetings').select(['id', 'title', 'date']).where('id', 'in', uuids).execute(),
      db.selectFrom('evaluations').innerJoin('initiatives', 'initiatives.id', 'evaluations.initiative_id').select(['evaluations.id', 'initiatives.number', 'initiatives.title']).where('evaluations.id', 'in', uuids).execute(),
    ]);
    for (const u of users) names[u.id] = `${u.display_name} (${u.username})`;
    for (const i of initiatives) names[i.id] = `Indsats ${String(i.number)}: ${i.title}`;
    for (const m of meetings) names[m.id] = `Møde: ${m.title} (${String(m.date)})`;
    for (const ev of evaluations) names[ev.id] = `Evaluering af indsats ${String(ev.number)}: ${ev.title}`;
  }
  if (slugs.length > 0) {
    const clusters = await db.selectFrom('clusters').innerJoin('regions', 'regions.code', 'clusters.region_code').select(['clusters.id', 'clusters.name', 'regions.name as region']).where('clusters.id', 'in', slugs).execute();
    for (const c of clusters) names[c.id] = `${c.name} (${c.region.replace(/^Region\s+/, '')})`;
    const parties = composites.map((m) => m[3]).filter((p) => p !== undefined);
    const [municipalities, regions] = parties.length === 0 ? [[], []] : await Promise.all([db.selectFrom('municipalities').select(['code', 'name']).where('code', 'in', parties).execute(), db.selectFrom('regions').select(['code', 'name']).where('code', 'in', parties).execute()]);
    const partyName = new Map([...municipalities, ...regions].map((x) => [x.code, x.name]));
    for (const m of composites) {
      const cluster = names[m[1] ?? ''];
      if (cluster === undefined) continue;
      names[m[0]] = [cluster, m[2], m[3] === undefined ? null : (partyName.get(m[3]) ?? m[3])].filter((x) => x !== null).join(', ');
    }
  }
  return names;
}
