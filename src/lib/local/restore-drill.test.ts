// The restore drill (issue 12): tablets with the real Dexie store and SyncEngine sync with the real
// server app over its SQLite file; a backup is taken; more referrals and comments are acknowledged;
// the server is restored from the backup. After the tablets heal it, every referral and change any
// tablet holds is on the server exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../../server/backup/backup.ts';
import { Network, origin, RestartableServer } from '../../../server/testing/faulty-network.ts';
import { createHttpTransport } from '../api/http-transport.ts';
import { FakeClock } from '../domain/testing/fake-clock.ts';
import { SyncEngine } from '../sync/engine.ts';
import { createMemoryLock } from '../sync/locks.ts';
import { keepAcknowledgedMs } from './acknowledged.ts';
import type { WardlineDb } from './db.ts';
import { queueChange, saveNewReferral } from './referrals.ts';
import { createDexieSyncStore } from './sync-store.ts';
import { freshDb, sampleCreate, testDeps } from './testing/test-fixtures.ts';

interface DrillTablet {
	db: WardlineDb;
	engine: SyncEngine;
	deps: ReturnType<typeof testDeps>;
	ownerId: string;
	wardId: string;
	referrals: string[];
	/** Comment mutation ids, with their referral. */
	comments: { id: string; referralId: string; text: string }[];
}

let server: RestartableServer;
let backups: string;
beforeEach(() => {
	server = new RestartableServer();
	backups = mkdtempSync(join(tmpdir(), 'wardline-drill-backups-'));
});
afterEach(() => {
	server.close();
	rmSync(backups, { recursive: true, force: true });
});

async function tabletFor(username: string, ownerId: string, wardId: string): Promise<DrillTablet> {
	const cookie = await server.login(username);
	const db = freshDb(username);
	const engine = new SyncEngine({
		store: createDexieSyncStore(db),
		transport: createHttpTransport({ fetch: new Network(server).fetchAs(cookie), baseUrl: origin }),
		clock: new FakeClock(),
		random: () => 0.5,
		lock: createMemoryLock(),
		deviceId: `drill-${username}`,
		batchSize: 3,
		pageSize: 4
	});
	return { db, engine, deps: testDeps(), ownerId, wardId, referrals: [], comments: [] };
}

async function save(t: DrillTablet, description: string): Promise<string> {
	t.deps.tick(1000);
	const id = t.deps.newId();
	await saveNewReferral(
		t.db,
		{
			id,
			ownerId: t.ownerId,
			payload: sampleCreate({ wardId: t.wardId, categoryId: 'cat-pothole', description }),
			photos: []
		},
		t.deps
	);
	t.referrals.push(id);
	return id;
}

async function comment(t: DrillTablet, referralId: string, text: string): Promise<void> {
	t.deps.tick(1000);
	const queued = await queueChange(t.db, referralId, 'comment', { text }, t.deps);
	if (!queued.ok) throw new Error(JSON.stringify(queued.errors));
	t.comments.push({ id: queued.mutationId, referralId, text });
}

async function syncOk(t: DrillTablet): Promise<void> {
	const outcome = await t.engine.sync('drill');
	expect(outcome).toMatchObject({ ok: true });
	expect(await t.db.outbox.count()).toBe(0);
}

const onServer = (sql: string, ...params: unknown[]) => server.count(sql, ...params);

describe('the restore drill', () => {
	it('after a restore from backup, tablets send again what the server lost, each thing once', async () => {
		const ahmed = await tabletFor('cllr.ahmed', 'user-cllr-ahmed', 'ward-belah');
		const brown = await tabletFor('cllr.brown', 'user-cllr-brown', 'ward-castle');
		const tablets = [ahmed, brown];

		// Before the backup: two referrals each, a comment, all acknowledged.
		for (const t of tablets) {
			await save(t, `${t.ownerId}: first`);
			await save(t, `${t.ownerId}: second`);
			await comment(t, t.referrals[0], `${t.ownerId}: any news?`);
			await syncOk(t);
		}
		const backup = await backupDatabase(server.sqlite, backups, new Date());

		// After it: more referrals, and comments on old and new ones, acknowledged too.
		for (const t of tablets) {
			await save(t, `${t.ownerId}: after the backup`);
			await comment(t, t.referrals[1], `${t.ownerId}: rang again`);
			await comment(t, t.referrals[2], `${t.ownerId}: photo on its way`);
			await syncOk(t);
		}
		expect(await ahmed.db.acknowledged.count()).toBe(6);
		const all = tablets.flatMap((t) => t.referrals);
		expect(onServer('select count(*) as n from referrals')).toBe(all.length);

		server.restoreFrom(backup.path);
		// The restored server lacks everything after the backup.
		expect(onServer('select count(*) as n from referrals')).toBe(4);
		// A comment written before the tablet has noticed, on a referral the server lost: refused at
		// first (pushes go before the pull that notices), then sent again with the rest.
		await comment(ahmed, ahmed.referrals[2], 'Written after the restore');

		for (const t of tablets) await syncOk(t);

		for (const t of tablets) {
			for (const id of t.referrals)
				expect(onServer('select count(*) as n from referrals where id = ?', id), id).toBe(1);
			for (const c of t.comments) {
				expect(
					onServer(
						"select count(*) as n from timeline_entries where referral_id = ? and kind = 'comment' and text = ?",
						c.referralId,
						c.text
					),
					c.text
				).toBe(1);
				expect(onServer('select count(*) as n from processed_mutations where id = ?', c.id)).toBe(
					1
				);
			}
			// The tablet agrees: every referral it holds came back from the server with a reference.
			const held = await t.db.referrals.toArray();
			expect(held.map((r) => r.id).sort()).toEqual([...t.referrals].sort());
			expect(held.every((r) => r.serverSeen && r.reference)).toBe(true);
			expect(await t.db.outbox.where('state').equals('rejected').count()).toBe(0);
		}
		expect(onServer('select count(*) as n from referrals')).toBe(all.length);

		// A later sync is quiet: nothing is sent again without a new restore.
		const before = onServer('select count(*) as n from processed_mutations');
		for (const t of tablets) expect(await t.engine.sync('after')).toMatchObject({ pushed: 0 });
		expect(onServer('select count(*) as n from processed_mutations')).toBe(before);
	});

	it('acknowledged changes are kept sealed, and forgotten after 30 days', async () => {
		const ahmed = await tabletFor('cllr.ahmed', 'user-cllr-ahmed', 'ward-belah');
		await save(ahmed, 'Resident Mary Smith: pothole');
		await syncOk(ahmed);
		const [kept] = await ahmed.db.acknowledged.toArray();
		expect(kept).toMatchObject({ kind: 'create', sealed: { iv: expect.anything() } });
		expect(JSON.stringify(kept)).not.toContain('Mary Smith');
		// 31 days on, the next acknowledgement prunes it.
		ahmed.deps.tick(keepAcknowledgedMs + 86_400_000);
		await save(ahmed, 'A later one');
		const later = new FakeClock();
		later.set(new Date(ahmed.deps.now()));
		const engine = new SyncEngine({
			store: createDexieSyncStore(ahmed.db),
			transport: createHttpTransport({
				fetch: new Network(server).fetchAs(await server.login('cllr.ahmed')),
				baseUrl: origin
			}),
			clock: later,
			random: () => 0.5,
			lock: createMemoryLock(),
			deviceId: 'drill-later'
		});
		expect(await engine.sync('later')).toMatchObject({ ok: true });
		const left = await ahmed.db.acknowledged.toArray();
		expect(left.map((r) => r.referralId)).toEqual([ahmed.referrals[1]]);
	});
});
