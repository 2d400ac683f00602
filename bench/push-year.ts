// Benchmark: a year of referrals (2,000) queued on a fresh tablet and pushed to the real server
// over real HTTP on 127.0.0.1, against the floor of the same rows inserted by one bare SQLite transaction.
// Run alone: npx tsx bench/push-year.ts   (the tablet is Node + fake-indexeddb, not a browser)
import { ms, report, type BenchRow } from './report.ts';
import { startLoopbackServer } from './loopback-server.ts';
import { makeTablet, queueReferrals } from './tablet.ts';
import { maxMutationsPerPush } from '../src/lib/domain/sync-protocol.ts';

const count = 2_000;
const rows: BenchRow[] = [];

async function pushYear(batchSize: number | undefined, label: string): Promise<void> {
	const server = await startLoopbackServer();
	const tablet = await makeTablet(await server.signIn('cllr.ahmed'), server.url, { batchSize });
	let started = performance.now();
	await queueReferrals(tablet.db, count, 'user-cllr-ahmed');
	const queueMs = performance.now() - started;
	started = performance.now();
	const outcome = await tablet.engine.sync('bench');
	const syncMs = performance.now() - started;
	const onServer = (
		server.sqlite.prepare('select count(*) as n from referrals').get() as { n: number }
	).n;
	if (!outcome.ok || onServer !== count || (await tablet.db.outbox.count()) !== 0)
		throw new Error(`push did not complete: ${JSON.stringify(outcome)}, ${onServer} on the server`);
	const { push, pull, pushes, pulls } = tablet.timings;
	// The engine's own work between requests (reading and opening the outbox, applying results).
	const pushPhase = syncMs - pull;
	rows.push(
		{
			benchmark: 'push a year',
			measure: `queue ${count} on the tablet (Node, fake-indexeddb)`,
			value: ms(queueMs)
		},
		{
			benchmark: 'push a year',
			measure: `push ${count}, ${label} (${pushes} requests; server time in them ${ms(push)})`,
			value: ms(pushPhase),
			target: '< 10 s'
		},
		{
			benchmark: 'push a year',
			measure: `whole sync incl. pulling them back (${pulls} pages)`,
			value: ms(syncMs)
		}
	);
	tablet.engine.dispose();
	await tablet.db.delete();
	await server.close();
}

/** The floor: the same 2,000 referral rows written by one prepared statement in one transaction. */
async function bareInsert(): Promise<void> {
	const server = await startLoopbackServer();
	const insert = server.sqlite.prepare(
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
	server.sqlite.transaction(() => {
		for (let i = 0; i < count; i += 1)
			insert.run(
				crypto.randomUUID(),
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
	rows.push({
		benchmark: 'push a year',
		measure: `floor: ${count} rows by one bare better-sqlite3 transaction`,
		value: ms(performance.now() - started)
	});
	await server.close();
}

await pushYear(undefined, 'default batches of 200');
await pushYear(maxMutationsPerPush, `batches of ${maxMutationsPerPush}`);
await bareInsert();
report(rows);
