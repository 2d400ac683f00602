// Benchmark: the server's cost of a durable acknowledgement. 2,000 create mutations applied by the
// push code on a real SQLite file (no HTTP), as it was (synchronous = NORMAL, a transaction per
// mutation) and as it is (synchronous = FULL, one transaction per batch of 200, a savepoint per
// mutation), against the floor of the same rows by one bare better-sqlite3 transaction.
// Run alone: npx tsx bench/push.ts
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeps } from '../server/app.ts';
import type { SessionUser } from '../server/context.ts';
import { openDatabase, type Sqlite } from '../server/db/open.ts';
import { seedDemoData } from '../server/demo/seed.ts';
import { pushMutations } from '../server/sync/push.ts';
import { ms, report, type BenchRow } from './report.ts';

const count = 2_000;
const batchSize = 200;
const rows: BenchRow[] = [];

function withDatabase<T>(
	synchronous: 'NORMAL' | 'FULL',
	run: (sqlite: Sqlite, db: ReturnType<typeof openDatabase>['db']) => T
): T {
	const dir = mkdtempSync(join(tmpdir(), 'wardline-bench-push-'));
	const { db, sqlite } = openDatabase(join(dir, 'wardline.db'));
	try {
		seedDemoData(db, { clock: () => new Date() });
		sqlite.pragma(`synchronous = ${synchronous}`);
		return run(sqlite, db);
	} finally {
		sqlite.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

function creates(n: number) {
	const at = new Date().toISOString();
	return Array.from({ length: n }, (_, i) => ({
		id: randomUUID(),
		referralId: randomUUID(),
		kind: 'create' as const,
		createdAt: at,
		payload: {
			wardId: 'ward-belah',
			categoryId: 'cat-pothole',
			channel: 'surgery',
			urgency: 'routine',
			description: `Deep pothole outside number ${i + 1}, a danger to cyclists at night`,
			location: { address: `${i + 1} Warwick Road, Carlisle`, postcode: 'CA1 1AA' },
			resident: { name: `Resident ${i + 1}`, phone: '01228 496000', preferredContact: 'phone' },
			capturedAt: at
		}
	}));
}

/** Applies the mutations through the push code, `perCall` at a time; returns the time taken. */
function push(synchronous: 'NORMAL' | 'FULL', perCall: number): number {
	return withDatabase(synchronous, (sqlite, db) => {
		const deps = createDeps({ db, sqlite });
		const user = sqlite
			.prepare(
				"select id, username, display_name as displayName, role, ward_id as wardId, unit_id as unitId from users where username = 'cllr.ahmed'"
			)
			.get() as SessionUser;
		const mutations = creates(count);
		const started = performance.now();
		for (let i = 0; i < count; i += perCall) {
			const results = pushMutations(deps, user, 'bench', mutations.slice(i, i + perCall));
			if (results.some((r) => r.status !== 'applied')) throw new Error(JSON.stringify(results[0]));
		}
		const elapsed = performance.now() - started;
		const n = (sqlite.prepare('select count(*) as n from referrals').get() as { n: number }).n;
		if (n !== count) throw new Error(`${n} referrals on the server, not ${count}`);
		return elapsed;
	});
}

/** The floor: the same 2,000 referral rows written by one prepared statement in one transaction. */
function floor(synchronous: 'NORMAL' | 'FULL'): number {
	return withDatabase(synchronous, (sqlite) => {
		const insert = sqlite.prepare(
			`insert into referrals (id, reference, owner_id, created_by_id, device_id, ward_id, category_id,
			 unit_id, channel, urgency, status, description, location_address, location_postcode,
			 resident_name, resident_phone, resident_consent_to_share, photo_ids, captured_at, created_at,
			 updated_at, change_no)
			 values (?, ?, 'user-cllr-ahmed', 'user-cllr-ahmed', 'bench', 'ward-belah', 'cat-pothole',
			 (select unit_id from categories where id = 'cat-pothole'), 'surgery', 'routine', 'routed', ?, ?,
			 'CA1 1AA', ?, '01228 496000', 0, '[]', ?, ?, ?, ?)`
		);
		const now = new Date().toISOString();
		const started = performance.now();
		sqlite.transaction(() => {
			for (let i = 0; i < count; i += 1)
				insert.run(
					randomUUID(),
					`CR-2026-${String(i + 1).padStart(5, '0')}`,
					`Deep pothole outside number ${i + 1}`,
					`${i + 1} Warwick Road, Carlisle`,
					`Resident ${i + 1}`,
					now,
					now,
					now,
					i + 1
				);
		})();
		return performance.now() - started;
	});
}

// Warm up (module loading, statement preparation, the page cache) before measuring.
push('FULL', batchSize);
const floorMs = floor('FULL');
const before = push('NORMAL', 1);
const after = push('FULL', batchSize);
const times = (value: number) => `${(value / floorMs).toFixed(1)}x floor`;
rows.push(
	{
		benchmark: 'push durability',
		measure: `floor: ${count} rows by one bare better-sqlite3 transaction (FULL)`,
		value: ms(floorMs)
	},
	{
		benchmark: 'push durability',
		measure: `before: push ${count}, synchronous NORMAL, a transaction per mutation`,
		value: `${ms(before)} (${times(before)})`
	},
	{
		benchmark: 'push durability',
		measure: `after: push ${count}, synchronous FULL, a transaction per batch of ${batchSize}`,
		value: `${ms(after)} (${times(after)})`,
		target: '< 20x floor'
	}
);
report(rows);
