import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from './lock.ts';
import { isEmptyDataDir, markSnapshot, readSnapshotManifest, restoreSnapshot, snapshotKey } from './snapshot.ts';

// The install-time database (dist/pgdata) restored on first start: only into an empty folder,
// only when made for the same PGlite, migrations and reference data.
describe('data-folder snapshot', () => {
  let root = '';
  let snapshot = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'klynge-snapshot-test-'));
    snapshot = join(root, 'snapshot');
    mkdirSync(join(snapshot, 'base', '1'), { recursive: true });
    writeFileSync(join(snapshot, 'PG_VERSION'), '17\n');
    writeFileSync(join(snapshot, 'base', '1', '1259'), 'catalog');
    markSnapshot(snapshot, 'key-a', { seed: { seeded: true } });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('fills an empty folder (a lock file beside is fine) and hands back the meta; the manifest stays behind', async () => {
    const target = join(root, 'empty');
    mkdirSync(target);
    writeFileSync(join(target, LOCK_FILE), '{}');
    expect(isEmptyDataDir(target)).toBe(true);
    expect(await restoreSnapshot(target, 'key-a', snapshot)).toEqual({ meta: { seed: { seeded: true } } });
    expect(readFileSync(join(target, 'base', '1', '1259'), 'utf8')).toBe('catalog');
    expect(readdirSync(target).sort()).toEqual(['PG_VERSION', 'base', LOCK_FILE].sort());
    expect(isEmptyDataDir(target)).toBe(false);
  });

  it('also fills a folder that does not exist yet', async () => {
    const target = join(root, 'new', 'data');
    expect(await restoreSnapshot(target, 'key-a', snapshot)).toBeDefined();
    expect(existsSync(join(target, 'PG_VERSION'))).toBe(true);
  });

  it('never touches a folder that holds a database', async () => {
    const target = join(root, 'used');
    mkdirSync(target);
    writeFileSync(join(target, 'PG_VERSION'), 'mine');
    expect(await restoreSnapshot(target, 'key-a', snapshot)).toBeUndefined();
    expect(readFileSync(join(target, 'PG_VERSION'), 'utf8')).toBe('mine');
  });

  it('ignores a snapshot made for other code, and a missing one', async () => {
    const target = join(root, 'other');
    expect(await restoreSnapshot(target, 'key-b', snapshot)).toBeUndefined();
    expect(existsSync(target)).toBe(false);
    expect(await restoreSnapshot(target, 'key-a', join(root, 'nowhere'))).toBeUndefined();
    expect(readSnapshotManifest(join(root, 'nowhere'))).toBeUndefined();
  });

  it('keys on what the snapshot was made from', () => {
    expect(snapshotKey('reference x')).toBe(snapshotKey('reference x'));
    expect(snapshotKey('reference x')).not.toBe(snapshotKey('reference y'));
  });
});
