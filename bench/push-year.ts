// Benchmark: a year of referrals (2,000) queued on a fresh tablet and pushed to the real server
// over real HTTP on 127.0.0.1, against the floor of the same rows inserted by one bare SQLite transaction.
// Run alone: npx tsx bench/push-year.ts   (the tablet is Node + fake-indexeddb, not a browser)
import { ms, report, type BenchRow } from './report.ts';
import { startLoopbackServer } from './loopback-server.ts';
import { makeTablet, queueReferrals } from './tablet.ts';
import { maxMutationsPerPush } from '../src/lib/domain/sync-protocol.ts';
import { bareReferralInsert } from './bare-insert.ts';

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
	const floorMs = bareReferralInsert(server.sqlite, count);
	rows.push({
		benchmark: 'push a year',
		measure: `floor: ${count} rows by one bare better-sqlite3 transaction`,
		value: ms(floorMs)
	});
	await server.close();
}

await pushYear(undefined, 'default batches of 200');
await pushYear(maxMutationsPerPush, `batches of ${maxMutationsPerPush}`);
await bareInsert();
report(rows);
