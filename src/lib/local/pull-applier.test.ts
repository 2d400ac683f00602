// Pull pages applied in a worker: the page posts the page and the key, a worker with its own
// connection seals and writes it (here the same handler, behind a fake Worker), and a worker
// that cannot start or dies leaves the page to apply it itself. Nothing is posted while locked.
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerReferral } from '../domain/referral.ts';
import { StoreLockedError } from '../sync/types.ts';
import { readCursor } from './cursor.ts';
import type { WardlineDb } from './db.ts';
import { pullWorkerHandler } from './pull-apply.ts';
import {
	workerPullApplier,
	type PullWorkerAnswer,
	type PullWorkerRequest,
	type WorkerLike
} from './pull-applier.ts';
import { getReferralView } from './referrals.ts';
import { freshDb, serverReferral } from './testing/test-fixtures.ts';

let db: WardlineDb;
afterEach(async () => {
	await db?.delete();
});

const serverRow = (id: string) =>
	serverReferral(id, {
		reference: 'CR-2026-00042',
		resident: { name: 'Ada Lovelace', phone: null, email: null, consentToShare: false },
		timeline: []
	});

/** A Worker stand-in: what is posted is cloned (as postMessage does) and handed to the handler. */
function fakeWorker(options: { dies?: boolean } = {}) {
	const handle = pullWorkerHandler();
	const posted: PullWorkerRequest[] = [];
	const onMessage: ((event: MessageEvent<PullWorkerAnswer>) => void)[] = [];
	const onError: ((event: Event) => void)[] = [];
	const worker: WorkerLike = {
		postMessage(request) {
			posted.push(request);
			if (options.dies) {
				setTimeout(() => onError.forEach((fn) => fn(new Event('error'))), 0);
				return;
			}
			void handle(structuredClone(request)).then((answer) =>
				onMessage.forEach((fn) => fn(new MessageEvent('message', { data: answer })))
			);
		},
		addEventListener(
			type: 'message' | 'error',
			fn: (event: MessageEvent<PullWorkerAnswer>) => void
		) {
			if (type === 'message') onMessage.push(fn);
			else onError.push(fn as (event: Event) => void);
		},
		terminate() {}
	} as WorkerLike;
	return { worker, posted };
}

describe('workerPullApplier', () => {
	it('posts each page with the non-extractable key; the worker seals and writes it, cursor included', async () => {
		db = freshDb('pull-worker');
		const { worker, posted } = fakeWorker();
		const applier = workerPullApplier(db, () => worker);
		await applier.apply([serverRow('r-1'), serverRow('r-2')], 7, 'epoch-1');
		await applier.apply([serverRow('r-3')], 9);

		expect(posted.map((p) => [p.database, p.cursor, p.referrals.length])).toEqual([
			[db.name, 7, 2],
			[db.name, 9, 1]
		]);
		expect(posted[0].key.extractable).toBe(false);
		expect(await readCursor(db)).toBe(9);
		// Sealed with the page's key: the page reads it back.
		expect((await getReferralView(db, 'r-2'))?.resident.name).toBe('Ada Lovelace');
		expect((await db.referrals.get('r-3'))?.sealed).toBeDefined();
	});

	it('says what went wrong in the worker, and the cursor does not move', async () => {
		db = freshDb('pull-worker-bad');
		const { worker } = fakeWorker();
		const applier = workerPullApplier(db, () => worker);
		const bad = { ...serverRow('r-1'), location: null } as unknown as ServerReferral;
		await expect(applier.apply([bad], 5)).rejects.toThrow();
		expect(await readCursor(db)).toBe(0);
	});

	it('applies the page itself when the worker cannot start, or dies', async () => {
		db = freshDb('pull-worker-none');
		const none = workerPullApplier(db, () => {
			throw new Error('no workers here');
		});
		await none.apply([serverRow('r-1')], 3);
		expect(await readCursor(db)).toBe(3);

		const { worker, posted } = fakeWorker({ dies: true });
		const dying = workerPullApplier(db, () => worker);
		await dying.apply([serverRow('r-2')], 4);
		await dying.apply([serverRow('r-3')], 5);
		expect(posted).toHaveLength(1);
		expect(await readCursor(db)).toBe(5);
		expect((await getReferralView(db, 'r-3'))?.reference).toBe('CR-2026-00042');
	});

	it('posts nothing while locked: the engine pauses', async () => {
		db = freshDb('pull-worker-locked', { locked: true });
		const { worker, posted } = fakeWorker();
		await expect(workerPullApplier(db, () => worker).apply([serverRow('r-1')], 3)).rejects.toThrow(
			StoreLockedError
		);
		expect(posted).toHaveLength(0);
	});
});
