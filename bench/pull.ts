// Benchmark: a fresh tablet pulls 20,000 referrals (10 years of a Member's... and a council's worth)
// from the real server over real HTTP on 127.0.0.1: total time and memory. The tablet runs in Node
// over fake-indexeddb (not a browser's IndexedDB). Run alone: npx tsx --expose-gc bench/pull.ts
import { maxPullLimit } from '../src/lib/domain/sync-protocol.ts';
import { startLoopbackServer } from './loopback-server.ts';
import { seedMemberHistory } from './member-history.ts';
import { mb, ms, report, type BenchRow } from './report.ts';
import { makeTablet } from './tablet.ts';

const count = 20_000;
const rows: BenchRow[] = [];
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

async function pull(pageSize: number): Promise<void> {
	const now = new Date();
	const server = await startLoopbackServer((db, sqlite) => {
		seedMemberHistory(db, sqlite, count, now);
	});
	const tablet = await makeTablet(await server.signIn('cllr.ahmed'), server.url, { pageSize });
	gc();
	const heapBefore = process.memoryUsage().heapUsed;
	let peakHeap = heapBefore;
	let peakRss = process.memoryUsage().rss;
	const sampler = setInterval(() => {
		const usage = process.memoryUsage();
		peakHeap = Math.max(peakHeap, usage.heapUsed);
		peakRss = Math.max(peakRss, usage.rss);
	}, 20);
	const started = performance.now();
	const outcome = await tablet.engine.sync('bench');
	const totalMs = performance.now() - started;
	clearInterval(sampler);
	gc();
	const heapAfter = process.memoryUsage().heapUsed;
	const onTablet = await tablet.db.referrals.count();
	if (!outcome.ok || onTablet !== count)
		throw new Error(`pull did not complete: ${JSON.stringify(outcome)}, ${onTablet} on the tablet`);
	const label = `pages of ${pageSize}`;
	rows.push(
		{
			benchmark: 'pull 20,000',
			measure: `${label}: total (${tablet.timings.pulls} requests, server+HTTP ${ms(tablet.timings.pull)})`,
			value: ms(totalMs)
		},
		{
			benchmark: 'pull 20,000',
			measure: `${label}: heap growth during / kept after (peak RSS ${mb(peakRss)})`,
			value: `${mb(peakHeap - heapBefore)} / ${mb(heapAfter - heapBefore)}`
		}
	);
	tablet.engine.dispose();
	await tablet.db.delete();
	await server.close();
}

await pull(200);
await pull(maxPullLimit);
report(rows);
