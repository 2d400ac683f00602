// Benchmark (not a test): GET /api/referrals, the paged list the queue and "All referrals" use,
// over 20,000 referrals in a temporary SQLite file, through the real app (session, audit and all).
// Run: npx tsx bench/list.ts   Prints p50/p95 of page 1, a deep page and a search, as the admin
// (every referral) and the Highways officer (their unit). Target: p95 under 100 ms.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../server/app.ts';
import { openDatabase } from '../server/db/open.ts';
import { demoPassword, seedDemoData } from '../server/demo/seed.ts';
import { generateReferrals } from '../server/demo/generate-referrals.ts';
import { insertReferrals } from '../server/demo/insert-referrals.ts';
import { daysBefore, generatorInputs } from '../server/testing/insights-fixtures.ts';
import { ms, percentile, report, type BenchRow } from './report.ts';

const referralCount = 20_000;
const runs = 40;
const now = new Date();
const origin = 'http://localhost';

const dir = mkdtempSync(join(tmpdir(), 'wardline-bench-list-'));
const { db, sqlite } = openDatabase(join(dir, 'wardline.db'));
seedDemoData(db, { clock: () => now });
insertReferrals(
	db,
	generateReferrals({
		...generatorInputs(db),
		seed: 13,
		count: referralCount,
		from: daysBefore(730, now),
		to: now,
		now
	})
);
sqlite.pragma('optimize');
const app = createApp({ db, sqlite, clock: () => now });

async function login(username: string): Promise<string> {
	const res = await app.request(`${origin}/api/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password: demoPassword })
	});
	return (res.headers.get('set-cookie') ?? '').split(';')[0];
}

interface Page {
	total: number;
	referrals: unknown[];
}

async function time(
	cookie: string,
	path: string
): Promise<{ p50: number; p95: number; page: Page }> {
	const times: number[] = [];
	let page: Page = { total: 0, referrals: [] };
	for (let i = 0; i <= runs; i += 1) {
		const t = performance.now();
		const res = await app.request(`${origin}${path}`, { headers: { cookie } });
		page = (await res.json()) as Page;
		if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
		// The first run warms SQLite's page cache and V8; it is not counted.
		if (i > 0) times.push(performance.now() - t);
	}
	return { p50: percentile(times, 50), p95: percentile(times, 95), page };
}

const rows: BenchRow[] = [];
for (const [who, username] of [
	['admin', 'admin'],
	['Highways officer', 'officer.highways']
] as const) {
	const cookie = await login(username);
	const first = await time(cookie, '/api/referrals');
	const lastPage = Math.max(1, Math.ceil(first.page.total / 50));
	const deep = Math.max(1, Math.floor(lastPage * 0.9));
	const cases: [string, string][] = [
		[`page 1 of ${lastPage} (${first.page.total.toLocaleString('en-GB')} match)`, '/api/referrals'],
		[`page ${deep} of ${lastPage}`, `/api/referrals?page=${deep}`],
		['search "road"', '/api/referrals?q=road'],
		['open, one ward, by due date', '/api/referrals?status=routed&wardId=ward-belah&sort=due']
	];
	for (const [label, path] of cases) {
		const { p50, p95, page } = await time(cookie, path);
		rows.push({
			benchmark: `list as ${who}`,
			measure: `${label}: p50 ${ms(p50)}, rows ${page.referrals.length}`,
			value: `p95 ${ms(p95)}`,
			target: '< 100 ms'
		});
	}
}
console.log(
	`${referralCount.toLocaleString('en-GB')} referrals over two years, ${runs} runs each after one warm-up, 50 rows a page.`
);
report(rows);
sqlite.close();
rmSync(dir, { recursive: true, force: true });
