// Test harness: a tablet's SyncEngine over some store, wired to a FakeServer and a FakeClock, with
// the checks "exactly once on the server" and "the tablet agrees with the server". The engine's
// own tests use it over the memory store (memoryTablet); the tablet's Dexie tests over the real one.
import { expect } from 'vitest';
import { FakeClock } from '../../domain/testing/fake-clock.ts';
import type { CreateReferralInput, TimelineEntry } from '../../domain/referral.ts';
import { SyncEngine } from '../engine.ts';
import { createMemoryLock } from '../locks.ts';
import type { Lock, SyncStore } from '../types.ts';
import { fakeCreatePayload, FakeServer } from './fake-server.ts';
import { MemorySyncStore } from './memory-store.ts';

export interface EngineOptions {
	server?: FakeServer;
	lock?: Lock;
	random?: () => number;
	pageSize?: number;
}

/** What the checks need of a tablet, whatever its store. */
export interface SyncedTablet {
	server: FakeServer;
	clock: FakeClock;
	engine: SyncEngine;
	/** Referrals saved on it, and the mutation ids of the comments made on it. */
	saved: string[];
	comments: string[];
	/** How many changes wait in its outbox (pending ones only, or all). */
	outboxCount(state?: 'pending'): Promise<number>;
	/** Its copy of a referral as the Member sees it. */
	copyOf(
		id: string
	): Promise<
		| { reference: string | null; status: string; serverSeen: boolean; timeline: TimelineEntry[] }
		| undefined
	>;
}

/** A SyncEngine over `store`, talking to a FakeServer (a new one unless given), on a FakeClock. */
export function engineOver(store: SyncStore, label: string, options: EngineOptions = {}) {
	const server = options.server ?? new FakeServer();
	const clock = new FakeClock();
	const engine = new SyncEngine({
		store,
		transport: server,
		clock,
		random: options.random ?? (() => 0.5),
		lock: options.lock ?? createMemoryLock(),
		deviceId: `tablet-${label}`,
		pageSize: options.pageSize
	});
	return { server, clock, engine };
}

/** Syncs (advancing the fake clock past any backoff) until a run succeeds with nothing left to send. */
export async function syncUntilHealed(tablet: SyncedTablet, maxRuns = 50): Promise<void> {
	for (let run = 0; run < maxRuns; run += 1) {
		const outcome = await tablet.engine.sync('heal');
		if (outcome.ok && (await tablet.outboxCount('pending')) === 0) return;
		tablet.clock.advance(300_000);
		await tablet.engine.whenIdle();
	}
	throw new Error('Sync did not heal');
}

/** Every saved referral and comment is on the server exactly once, and the tablet agrees with it. */
export async function expectExactlyOnceAndAgreed(
	tablet: SyncedTablet,
	comments: string[] = tablet.comments
): Promise<void> {
	const { server } = tablet;
	expect(await tablet.outboxCount()).toBe(0);
	for (const id of tablet.saved) expect(server.createsApplied.get(id), `creates of ${id}`).toBe(1);
	expect(server.referrals.size).toBe(tablet.saved.length);
	const serverCommentIds = [...server.referrals.values()].flatMap((r) =>
		r.timeline.filter((e) => e.kind === 'comment').map((e) => e.id)
	);
	expect([...serverCommentIds].sort()).toEqual([...comments].sort());
	for (const row of server.referrals.values())
		expect(await tablet.copyOf(row.id), `local copy of ${row.id}`).toMatchObject({
			reference: row.reference,
			status: row.status,
			serverSeen: true,
			timeline: row.timeline
		});
}

export interface MemoryTablet extends SyncedTablet {
	store: MemorySyncStore;
	save(overrides?: Partial<CreateReferralInput>, photos?: number): Promise<string>;
	comment(referralId: string, text: string): Promise<string>;
}

/** A tablet whose engine runs over the memory store (a new one unless given: two tabs share one). */
export function memoryTablet(
	label: string,
	options: EngineOptions & { store?: MemorySyncStore } = {}
): MemoryTablet {
	const store = options.store ?? new MemorySyncStore();
	const wired = engineOver(store, label, options);
	let changeNo = 0;
	const createdAt = () => new Date(wired.clock.now() + (changeNo += 1)).toISOString();
	const tablet: MemoryTablet = {
		...wired,
		store,
		saved: [],
		comments: [],
		async save(overrides = {}, photos = 0) {
			const referralId = crypto.randomUUID();
			const photoList = Array.from({ length: photos }, (_, i) => ({
				id: crypto.randomUUID(),
				blob: new Blob([`photo ${i} of ${referralId}`]),
				type: 'image/jpeg',
				sha256: `sha256 of photo ${i} of ${referralId}`
			}));
			const payload = fakeCreatePayload({ ...overrides, photoIds: photoList.map((p) => p.id) });
			store.queue(
				{ id: crypto.randomUUID(), referralId, kind: 'create', payload, createdAt: createdAt() },
				photoList
			);
			tablet.saved.push(referralId);
			return referralId;
		},
		async comment(referralId, text) {
			const id = crypto.randomUUID();
			store.queue({ id, referralId, kind: 'comment', payload: { text }, createdAt: createdAt() });
			tablet.comments.push(id);
			return id;
		},
		async outboxCount(state) {
			return [...store.outbox.values()].filter((row) => !state || row.state === state).length;
		},
		async copyOf(id) {
			const referral = store.referrals.get(id);
			return referral && { ...referral, timeline: referral.server?.timeline ?? [] };
		}
	};
	return tablet;
}
