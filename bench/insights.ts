// Benchmark (not a test): /api/insights, /api/insights/hotspots and the CSV export over 20,000
// referrals (10 years at 2,000 a year) in a temporary SQLite file, through the real app.
// Run: npx tsx bench/insights.ts   Prints median and slowest of several runs per request,
// then the same with the insights indexes dropped, to show what they are for.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../server/app.ts';
import { openDatabase } from '../server/db/open.ts';
import { demoPassword, seedDemoData } from '../server/demo/seed.ts';
import { generateReferrals } from '../server/demo/generate-referrals.ts';
import { insertReferrals } from '../server/demo/insert-referrals.ts';
import { daysBefore, generatorInputs } from '../server/testing/insights-fixtures.ts';

const referralCount = 20_000;
const runs = 7;
const now = new Date();
const origin = 'http://localhost';
const today = now.toISOString().slice(0, 10);
const yearAgo = daysBefore(364, now).toISOString().slice(0, 10);
const tenYearsAgo = daysBefore(3650, now).toISOString().slice(0, 10);

const dir = mkdtempSync(join(tmpdir(), 'wardline-bench-'));
const { db, sqlite } = openDatabase(join(dir, 'wardline.db'));
seedDemoData(db, { clock: () => now });
let started = performance.now();
const generated = generateReferrals({
	...generatorInputs(db),
	seed: 42,
	count: referralCount,
	from: daysBefore(3650, now),
	to: now,
	now,
	plants: [
		{
			wardId: 'ward-belah',
			categoryId: 'cat-blocked-drain',
			count: 14,
			from: daysBefore(80, now),
			to: daysBefore(1, now)
		}
	]
});
const generateMs = performance.now() - started;
started = performance.now();
insertReferrals(db, generated);
const insertMs = performance.now() - started;
sqlite.pragma('optimize');

const app = createApp({ db, sqlite, clock: () => now });
const login = await app.request(`${origin}/api/auth/login`, {
	method: 'POST',
	headers: { 'content-type': 'application/json' },
	body: JSON.stringify({ username: 'admin', password: demoPassword })
});
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];

const requests: [string, string][] = [
	['insights, last 90 days', '/api/insights'],
	['insights, last 90 days, one ward', '/api/insights?wardId=ward-belah'],
	['insights, last year', `/api/insights?from=${yearAgo}&to=${today}`],
	['insights, all 10 years', `/api/insights?from=${tenYearsAgo}&to=${today}`],
	['hotspots, last 90 days', '/api/insights/hotspots'],
	['hotspots, last year', `/api/insights/hotspots?from=${yearAgo}&to=${today}`],
	['CSV export, last 90 days', '/api/exports/referrals.csv'],
	['CSV export, all 10 years', `/api/exports/referrals.csv?from=${tenYearsAgo}&to=${today}`]
];

interface Row {
	request: string;
	'median ms': number;
	'slowest ms': number;
	'size KB': number;
}

async function measure(): Promise<Row[]> {
	const rows: Row[] = [];
	for (const [label, path] of requests) {
		const times: number[] = [];
		let bytes = 0;
		for (let i = 0; i <= runs; i += 1) {
			const t = performance.now();
			const res = await app.request(`${origin}${path}`, { headers: { cookie } });
			const body = await res.arrayBuffer();
			if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
			// The first run warms SQLite's page cache and V8; it is not counted.
			if (i > 0) times.push(performance.now() - t);
			bytes = body.byteLength;
		}
		times.sort((a, b) => a - b);
		rows.push({
			request: label,
			'median ms': Math.round(times[Math.floor(times.length / 2)] * 10) / 10,
			'slowest ms': Math.round(times[times.length - 1] * 10) / 10,
			'size KB': Math.round(bytes / 102.4) / 10
		});
	}
	return rows;
}

console.log(
	`${referralCount.toLocaleString('en-GB')} referrals over 10 years (+14 planted): generated in ` +
		`${Math.round(generateMs)} ms, written in ${Math.round(insertMs)} ms. ${runs} runs each after one warm-up.`
);
console.log('\nWith the insights indexes (referrals_created_idx, timeline_referral_kind_idx):');
console.table(await measure());

sqlite.exec('drop index referrals_created_idx; drop index timeline_referral_kind_idx;');
console.log('\nThe same without them (for comparison only):');
console.table(await measure());

sqlite.close();
rmSync(dir, { recursive: true, force: true });
