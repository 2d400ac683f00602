// For the benchmarks: a tablet in Node (Dexie over fake-indexeddb, sealed with a real AES-GCM data
// key, as when unlocked) with the real SyncEngine and HTTP transport, timing push and pull apart.
import 'fake-indexeddb/auto';
import { createHttpTransport } from '../src/lib/api/http-transport.ts';
import { Sealer } from '../src/lib/crypto/sealing.ts';
import { uuidv7 } from '../src/lib/domain/ids.ts';
import { CreateReferral } from '../src/lib/domain/referral.ts';
import { openWardlineDb, type WardlineDb } from '../src/lib/local/db.ts';
import { saveNewReferral } from '../src/lib/local/referrals.ts';
import { createDexieSyncStore } from '../src/lib/local/sync-store.ts';
import { SyncEngine } from '../src/lib/sync/engine.ts';
import { createMemoryLock } from '../src/lib/sync/locks.ts';
import type { SyncTransport } from '../src/lib/sync/types.ts';

const idAt = (ms: number) => uuidv7(ms, crypto.getRandomValues(new Uint8Array(10)));

export interface BenchTablet {
	db: WardlineDb;
	engine: SyncEngine;
	/** Milliseconds spent waiting for the server in push and in pull requests. */
	timings: { push: number; pull: number; pushes: number; pulls: number };
}

let tablets = 0;

export async function makeTablet(
	fetchFn: typeof fetch,
	baseUrl: string,
	options: { batchSize?: number; pageSize?: number } = {}
): Promise<BenchTablet> {
	const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
		'encrypt',
		'decrypt'
	]);
	const db = openWardlineDb(`bench-tablet-${(tablets += 1)}`, new Sealer(key));
	const http = createHttpTransport({ fetch: fetchFn, baseUrl, timeoutMs: 120_000 });
	const timings = { push: 0, pull: 0, pushes: 0, pulls: 0 };
	const transport: SyncTransport = {
		async push(req) {
			const started = performance.now();
			const result = await http.push(req);
			timings.push += performance.now() - started;
			timings.pushes += 1;
			return result;
		},
		async pull(since, limit) {
			const started = performance.now();
			const result = await http.pull(since, limit);
			timings.pull += performance.now() - started;
			timings.pulls += 1;
			return result;
		},
		visible: () => http.visible(),
		putAttachment: (...args) => http.putAttachment(...args)
	};
	const engine = new SyncEngine({
		store: createDexieSyncStore(db),
		transport,
		clock: {
			now: () => Date.now(),
			setTimeout: (fn, ms) => setTimeout(fn, ms),
			clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
		},
		random: Math.random,
		lock: createMemoryLock(),
		deviceId: `bench-tablet-${tablets}`,
		batchSize: options.batchSize,
		pageSize: options.pageSize
	});
	return { db, engine, timings };
}

/** Queues n referrals on the tablet the way the capture form saves them. */
export async function queueReferrals(db: WardlineDb, n: number, ownerId: string): Promise<void> {
	const start = Date.now() - n * 60_000;
	for (let i = 0; i < n; i += 1) {
		const at = start + i * 60_000;
		await saveNewReferral(
			db,
			{
				id: idAt(at),
				ownerId,
				payload: CreateReferral.parse({
					wardId: 'ward-belah',
					categoryId: 'cat-pothole',
					channel: 'surgery',
					urgency: 'routine',
					description: `Deep pothole outside number ${i + 1}, a danger to cyclists at night`,
					location: { address: `${i + 1} Warwick Road, Carlisle`, postcode: 'CA1 1AA' },
					resident: { name: `Resident ${i + 1}`, phone: '01228 496000', preferredContact: 'phone' },
					capturedAt: new Date(at).toISOString()
				}),
				photos: []
			},
			{ now: () => new Date(at), newId: () => idAt(at) }
		);
	}
}
