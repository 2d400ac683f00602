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
import { bareReferralInsert } from './bare-insert.ts';

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

/** The floor, with the same durability setting. */
function floor(synchronous: 'NORMAL' | 'FULL'): number {
	return withDatabase(synchronous, (sqlite) => bareReferralInsert(sqlite, count));
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
