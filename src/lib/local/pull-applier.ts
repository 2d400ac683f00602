// Where pull pages are applied: in a dedicated worker with its own Dexie connection, so sealing
// 200 referrals and writing them never holds up the page; in the page itself where there is no
// Worker (vitest, fake-indexeddb) or the worker cannot start. Both run applyPullPage.
import type { ServerReferral } from '../domain/referral.ts';
import { StoreLockedError } from '../sync/types.ts';
import type { WardlineDb } from './db.ts';
import { applyPullPage } from './pull-apply.ts';

export interface PullApplier {
	apply(referrals: ServerReferral[], cursor: number, epoch?: string): Promise<void>;
}

/** What the page posts to the worker: the page, the database's name, and the data key. */
export interface PullWorkerRequest {
	id: number;
	database: string;
	/** Non-extractable; the worker holds it only while it applies this page. */
	key: CryptoKey;
	referrals: ServerReferral[];
	cursor: number;
	epoch?: string;
}

export type PullWorkerAnswer =
	{ id: number; ok: true } | { id: number; ok: false; message: string };

/** The worker's side of a PullWorkerRequest (both threads share it, so both say the same). */
export interface WorkerLike {
	postMessage(message: PullWorkerRequest): void;
	addEventListener(type: 'message', fn: (event: MessageEvent<PullWorkerAnswer>) => void): void;
	addEventListener(type: 'error', fn: (event: Event) => void): void;
	terminate(): void;
}

export function inThreadPullApplier(db: WardlineDb): PullApplier {
	return { apply: (referrals, cursor, epoch) => applyPullPage(db, referrals, cursor, epoch) };
}

function startPullWorker(): WorkerLike {
	return new Worker(new URL('./pull-worker.ts', import.meta.url), {
		type: 'module',
		name: 'wardline-pull'
	}) as unknown as WorkerLike;
}

/**
 * Posts each page to the worker (started at the first page). A worker that fails to start is
 * dropped and that page and every later one are applied in the page instead: slower, never lost.
 */
export function workerPullApplier(
	db: WardlineDb,
	start: () => WorkerLike = startPullWorker
): PullApplier {
	const inThread = inThreadPullApplier(db);
	let worker: WorkerLike | null = null;
	let broken = false;
	let nextId = 0;
	const waiting = new Map<
		number,
		{ resolve: () => void; reject: (error: Error) => void; fallback: () => void }
	>();

	function giveUp() {
		broken = true;
		worker?.terminate();
		worker = null;
		for (const pending of waiting.values()) pending.fallback();
		waiting.clear();
	}

	function ensureWorker(): WorkerLike | null {
		if (broken) return null;
		if (worker) return worker;
		try {
			worker = start();
		} catch {
			broken = true;
			return null;
		}
		worker.addEventListener('message', (event) => {
			const answer = event.data;
			const pending = waiting.get(answer.id);
			if (!pending) return;
			waiting.delete(answer.id);
			if (answer.ok) pending.resolve();
			else pending.reject(new Error(answer.message));
		});
		// A script that does not load (or a worker that dies): the page carries on by itself.
		worker.addEventListener('error', () => giveUp());
		return worker;
	}

	return {
		apply(referrals, cursor, epoch) {
			const key = db.sealer.keyForWorker();
			if (!key) return Promise.reject(new StoreLockedError());
			const target = ensureWorker();
			if (!target) return inThread.apply(referrals, cursor, epoch);
			const id = (nextId += 1);
			return new Promise<void>((resolve, reject) => {
				waiting.set(id, {
					resolve,
					reject,
					fallback: () => void inThread.apply(referrals, cursor, epoch).then(resolve, reject)
				});
				const request: PullWorkerRequest = { id, database: db.name, key, referrals, cursor };
				if (epoch !== undefined) request.epoch = epoch;
				target.postMessage(request);
			});
		}
	};
}

/** A worker where the platform has one; otherwise the page itself. */
export function defaultPullApplier(db: WardlineDb): PullApplier {
	return typeof Worker === 'undefined' ? inThreadPullApplier(db) : workerPullApplier(db);
}
