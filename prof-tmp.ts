import { openDatabase } from '/work/wt-hardening/src/infra/db/database.ts';
import { seedDatabase } from '/work/wt-hardening/src/app/seed.ts';
import { clientWithRoles, json, testApp } from '/work/wt-hardening/src/http/testing.ts';
import { generator, mutate } from '/work/wt-hardening/src/http/test-fuzz.ts';
const db = await openDatabase({ kind: 'memory' });
await seedDatabase(db.kysely);
const app = await testApp(db);
const CLUSTER = 'hovedstaden-syd'; const KR = 100;
const secretariat = await clientWithRoles(db, [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: CLUSTER } }], 'fuzz-syd');
const post = (url: string, payload: Record<string, unknown>) => app.inject({ method: 'POST', url, headers: secretariat.headers(), payload });
const created = json<{ id: string; version: number }>(await post(`/api/clusters/${CLUSTER}/initiatives`, { title: 'Fuzz-indsats', description: 'x', targetGroup: 'chronic-illness', startPeriod: '2022-01', endPeriod: '2022-12', executingParties: ['101', '167'], lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Afprøvning', category: 'development', funding: 'common', party: '101', amountOre: 1_000_000 * KR }] }));
const approved = json<{ version: number }>(await post(`/api/initiatives/${created.id}/approve`, { version: created.version, date: '2022-02-01', level: 'political', meetingReference: 'Fuzz' }));
await post(`/api/initiatives/${created.id}/status`, { version: approved.version, status: 'running' });
const lines = ['Indsats;Part;Periode;Beløb;Kategori;Finansiering;Tekst'];
for (let m = 1; m <= 8; m++) lines.push(`${created.id};${m % 2 === 0 ? '101' : '167'};2022-${String(m).padStart(2, '0')};${String(m)}00,${String(m)}5;Udvikling;Fælles midler;Løn ${String(m)}`);
const base = Buffer.from(`${lines.join('\n')}\n`);
const random = generator(20261129);
const t0 = performance.now();
const N = Number(process.env.N ?? 300);
for (let n = 0; n < N; n++) {
  const file = mutate(base, random);
  await app.inject({ method: 'POST', url: `/api/clusters/${CLUSTER}/actuals/import?filename=fuzz-${n}.csv${n % 2 === 0 ? '&confirmDuplicates=true' : ''}`, headers: secretariat.headers({ 'content-type': 'text/csv' }), payload: file });
  if (n % 100 === 99) console.log(n + 1, Math.round(performance.now() - t0));
}
await app.close(); await db.close();
