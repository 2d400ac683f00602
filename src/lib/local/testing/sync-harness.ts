// Test harness: a tablet (Dexie store over fake-indexeddb) wired to a FakeServer through the
// real SyncEngine, plus the checks "exactly once on the server" and "tablet agrees with server".
import { expect } from 'vitest';
import type { WardlineDb } from '../db.ts';
import { getReferralView, queueChange, saveNewReferral } from '../referrals.ts';
import { createDexieSyncStore } from '../sync-store.ts';
import { freshDb, sampleCreate, testDeps } from './test-fixtures.ts';
import type { CreateReferralInput } from '../../domain/referral.ts';
import { SyncEngine } from '../../sync/engine.ts';
import { FakeClock } from '../../domain/testing/fake-clock.ts';
import { FakeServer } from '../../sync/testing/fake-server.ts';
import { createMemoryLock } from '../../sync/locks.ts';
import type { Lock } from '../../sync/types.ts';

export interface Tablet {
	db: WardlineDb;
	server: FakeServer;
	clock: FakeClock;
	engine: SyncEngine;
	deps: ReturnType<typeof testDeps>;
	saved: string[];
	comments: string[];
	save(overrides?: Partial<CreateReferralInput>, photos?: number): Promise<string>;
	comment(referralId: string, text: string): Promise<string>;
	close(): Promise<void>;
}

export function makeTablet(
	label: string,
	options: {
		server?: FakeServer;
		lock?: Lock;
		random?: () => number;
		db?: WardlineDb;
		pageSize?: number;
	} = {}
): Tablet {
	const db = options.db ?? freshDb(label);
	const server = options.server ?? new FakeServer();
	const clock = new FakeClock();
	const engine = new SyncEngine({
		store: createDexieSyncStore(db),
		transport: server,
		clock,
		random: options.random ?? (() => 0.5),
		lock: options.lock ?? createMemoryLock(),
		deviceId: `tablet-${label}`,
		pageSize: options.pageSize
	});
	const deps = testDeps();
	const tablet: Tablet = {
		db,
		server,
		clock,
		engine,
		deps,
		saved: [],
		comments: [],
		async save(overrides = {}, photos = 0) {
			deps.tick(1);
			const id = deps.newId();
			const photoList = Array.from({ length: photos }, (_, i) => ({
				id: deps.newId(),
				blob: new Blob([`photo ${i} of ${id}`]),
				type: 'image/jpeg'
			}));
			await saveNewReferral(
				db,
				{ id, ownerId: 'member-1', payload: sampleCreate(overrides), photos: photoList },
				deps
			);
			tablet.saved.push(id);
			return id;
		},
		async comment(referralId, text) {
			deps.tick(1);
			const result = await queueChange(db, referralId, 'comment', { text }, deps);
			if (!result.ok) throw new Error(JSON.stringify(result.errors));
			tablet.comments.push(result.mutationId);
			return result.mutationId;
		},
		async close() {
			engine.dispose();
			await db.delete();
		}
	};
	return tablet;
}

/** Syncs (advancing the fake clock past any backoff) until a run succeeds. */
export async function syncUntilHealed(tablet: Tablet, maxRuns = 50): Promise<void> {
	for (let run = 0; run < maxRuns; run += 1) {
		const outcome = await tablet.engine.sync('heal');
		if (outcome.ok && (await tablet.db.outbox.where('state').equals('pending').count()) === 0)
			return;
		tablet.clock.advance(300_000);
		await tablet.engine.whenIdle();
	}
	throw new Error('Sync did not heal');
}

/** Every saved referral and comment is on the server exactly once, and the tablet agrees with it. */
export async function expectExactlyOnceAndAgreed(
	tablet: Tablet,
	comments: string[] = tablet.comments
): Promise<void> {
	const { server, db } = tablet;
	expect(await db.outbox.count()).toBe(0);
	for (const id of tablet.saved) expect(server.createsApplied.get(id), `creates of ${id}`).toBe(1);
	expect(server.referrals.size).toBe(tablet.saved.length);
	const serverCommentIds = [...server.referrals.values()].flatMap((r) =>
		r.timeline.filter((e) => e.kind === 'comment').map((e) => e.id)
	);
	expect([...serverCommentIds].sort()).toEqual([...comments].sort());
	for (const row of server.referrals.values()) {
		const local = await getReferralView(db, row.id);
		expect(local, `local copy of ${row.id}`).toMatchObject({
			reference: row.reference,
			status: row.status,
			serverSeen: true,
			timeline: row.timeline
		});
	}
}
