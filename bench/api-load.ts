// Benchmark: push and pull throughput and latency under concurrent clients, against the real
// server process (server/main.ts) on 127.0.0.1. A fixed number of requests, then it stops.
// Run alone: npx tsx bench/api-load.ts
import { randomUUID } from 'node:crypto';
import { startServer } from '../e2e/server.ts';
import { ms, percentile, report, type BenchRow } from './report.ts';

const clients = 16;
const pushes = 400;
const mutationsPerPush = 10;
const pulls = 400;
const pullLimit = 200;

process.env.HOST = '127.0.0.1';
process.env.WARDLINE_STATIC_DIR = '/nonexistent';
const server = await startServer();
const url = server.url.replace('localhost', '127.0.0.1');
const login = await fetch(`${url}/api/auth/login`, {
	method: 'POST',
	headers: { 'content-type': 'application/json', origin: url },
	body: JSON.stringify({ username: 'cllr.ahmed', password: 'wardline-demo' })
});
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
const headers = { cookie, origin: url, 'content-type': 'application/json' };

function createMutation(i: number) {
	return {
		id: randomUUID(),
		referralId: randomUUID(),
		kind: 'create',
		createdAt: new Date().toISOString(),
		payload: {
			wardId: 'ward-belah',
			categoryId: 'cat-pothole',
			channel: 'surgery',
			urgency: 'routine',
			description: `Load test pothole ${i}`,
			location: { address: `${i} Warwick Road, Carlisle`, postcode: 'CA1 1AA' },
			resident: { name: `Resident ${i}`, phone: '01228 496000', preferredContact: 'phone' },
			capturedAt: new Date().toISOString()
		}
	};
}

/** Runs `total` requests with `clients` in flight at a time; returns each one's latency. */
async function load(total: number, request: (i: number) => Promise<Response>) {
	const latencies: number[] = [];
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: clients }, async () => {
			while (next < total) {
				const i = next++;
				const t = performance.now();
				const res = await request(i);
				await res.arrayBuffer();
				if (res.status !== 200) throw new Error(`request ${i} answered ${res.status}`);
				latencies.push(performance.now() - t);
			}
		})
	);
	return { latencies, seconds: (performance.now() - started) / 1000 };
}

const rows: BenchRow[] = [];
try {
	const push = await load(pushes, (i) =>
		fetch(`${url}/api/sync/push`, {
			method: 'POST',
			headers,
			body: JSON.stringify({
				deviceId: 'bench',
				mutations: Array.from({ length: mutationsPerPush }, (_, j) =>
					createMutation(i * mutationsPerPush + j)
				)
			})
		})
	);
	const pull = await load(pulls, (i) =>
		fetch(
			`${url}/api/sync/pull?since=${(i * 37) % (pushes * mutationsPerPush)}&limit=${pullLimit}`,
			{ headers }
		)
	);
	const what = `${clients} clients`;
	rows.push(
		{
			benchmark: 'API load',
			measure: `push of ${mutationsPerPush} creates, ${what}: requests/s (creates/s)`,
			value: `${(pushes / push.seconds).toFixed(0)} (${((pushes * mutationsPerPush) / push.seconds).toFixed(0)})`
		},
		{
			benchmark: 'API load',
			measure: `push of ${mutationsPerPush} creates, ${what}: p50 / p99`,
			value: `${ms(percentile(push.latencies, 50))} / ${ms(percentile(push.latencies, 99))}`
		},
		{
			benchmark: 'API load',
			measure: `pull of ${pullLimit}, ${what}: requests/s (referrals/s)`,
			value: `${(pulls / pull.seconds).toFixed(0)} (${((pulls * pullLimit) / pull.seconds).toFixed(0)})`
		},
		{
			benchmark: 'API load',
			measure: `pull of ${pullLimit}, ${what}: p50 / p99`,
			value: `${ms(percentile(pull.latencies, 50))} / ${ms(percentile(pull.latencies, 99))}`
		}
	);
} finally {
	await server.dispose();
}
report(rows);
