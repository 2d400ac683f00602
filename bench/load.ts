// Benchmark: an open-loop load ladder against the real server process (server/main.ts) on
// 127.0.0.1, with the generator on the same machine. At each offered rate, requests are started
// on a fixed schedule whatever the server's progress (so a slow server meets a queue, as it would
// on a Monday morning), mixed: pulls, pushes of 1–10 creates, GET /api/referrals lists and
// insights, from several Members' sessions. Prints completed/s, p50, p99 and errors per rate.
// Run alone: npm run bench:load (BENCH_LOAD_SECONDS=20, BENCH_LOAD_RATES=10,50,300,
// BENCH_LOAD_ENV='WARDLINE_READERS=2' to pass settings to the server, BENCH_LOAD_PROFILE=dir).
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ms, percentile, report, type BenchRow } from './report.ts';

const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 12);
const rates = (process.env.BENCH_LOAD_RATES ?? '10,30,50,100,200,300')
	.split(',')
	.map(Number)
	.filter((n) => n > 0);
// A request that takes longer than this counts as an error (the tablet would have given up).
const timeoutMs = 30_000;
const users = ['cllr.ahmed', 'cllr.brown', 'support.jones', 'officer.highways', 'admin'];
const serverEnv = Object.fromEntries(
	(process.env.BENCH_LOAD_ENV ?? '')
		.split(/\s+/)
		.filter(Boolean)
		.map((pair) => pair.split('=') as [string, string])
);

// BENCH_LOAD_PROFILE=<dir>: the server writes a CPU profile there when it stops.
const profileDir = process.env.BENCH_LOAD_PROFILE;
const server = await startLoadServer();
const url = server.url;

/** The real server process (npm start's, without the build), on a free port and its own data. */
async function startLoadServer() {
	const port = await new Promise<number>((resolve) => {
		const probe = createServer().listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as AddressInfo;
			probe.close(() => resolve(port));
		});
	});
	const dataDir = mkdtempSync(join(tmpdir(), 'wardline-load-'));
	const child = spawn(
		process.execPath,
		[
			...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
			'--import',
			'tsx',
			'server/main.ts'
		],
		{
			env: {
				...process.env,
				HOST: '127.0.0.1',
				PORT: String(port),
				WARDLINE_DATA_DIR: dataDir,
				WARDLINE_STATIC_DIR: '/nonexistent',
				WARDLINE_SEED: 'history',
				...serverEnv
			},
			stdio: ['ignore', 'ignore', 'inherit']
		}
	);
	const serverUrl = `http://127.0.0.1:${port}`;
	for (let tries = 0; ; tries++) {
		if (child.exitCode !== null) throw new Error('the Wardline server exited');
		const up = await fetch(`${serverUrl}/api/health`).then(
			(res) => res.ok,
			() => false
		);
		if (up) break;
		if (tries > 600) throw new Error('the Wardline server did not start');
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		url: serverUrl,
		async dispose() {
			const exited = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			await exited;
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

async function signIn(username: string): Promise<Record<string, string>> {
	const res = await fetch(`${url}/api/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: url },
		body: JSON.stringify({ username, password: 'wardline-demo' })
	});
	if (res.status !== 200) throw new Error(`sign-in as ${username}: ${res.status}`);
	const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
	return { cookie, origin: url, 'content-type': 'application/json', 'accept-encoding': 'gzip, br' };
}

let serial = 0;
function createMutation() {
	const i = serial++;
	const now = new Date().toISOString();
	return {
		id: randomUUID(),
		referralId: randomUUID(),
		kind: 'create',
		createdAt: now,
		payload: {
			wardId: 'ward-belah',
			categoryId: 'cat-pothole',
			channel: 'surgery',
			urgency: 'routine',
			description: `Load ladder pothole ${i}`,
			location: { address: `${i % 200} Warwick Road, Carlisle`, postcode: 'CA1 1AA' },
			resident: { name: `Resident ${i}`, phone: '01228 496000', preferredContact: 'phone' },
			capturedAt: now
		}
	};
}

type Kind = 'pull' | 'push' | 'list' | 'insights';
// The mix a morning of tablets sends: mostly pulls, then pushes, lists and insights.
const mix: [Kind, number][] = [
	['pull', 0.4],
	['push', 0.25],
	['list', 0.2],
	['insights', 0.15]
];
function pick(n: number): Kind {
	let x = (n * 0.6180339887) % 1;
	for (const [kind, share] of mix) {
		if (x < share) return kind;
		x -= share;
	}
	return 'pull';
}

function request(kind: Kind, headers: Record<string, string>, n: number): Promise<Response> {
	const signal = AbortSignal.timeout(timeoutMs);
	switch (kind) {
		case 'pull':
			return fetch(`${url}/api/sync/pull?since=${(n * 37) % 3000}&limit=200`, { headers, signal });
		case 'push':
			return fetch(`${url}/api/sync/push`, {
				method: 'POST',
				headers,
				signal,
				body: JSON.stringify({
					deviceId: `ladder-${n % 7}`,
					mutations: Array.from({ length: 1 + (n % 10) }, createMutation)
				})
			});
		case 'list':
			// As the queue and "All referrals" pages ask: one page, urgent first.
			return fetch(`${url}/api/referrals?page=${1 + (n % 3)}&pageSize=50&sort=queue`, {
				headers,
				signal
			});
		case 'insights':
			return fetch(`${url}/api/insights`, { headers, signal });
	}
}

interface Step {
	rate: number;
	completedPerS: number;
	latencies: number[];
	errors: number;
	byKind: Map<Kind, number[]>;
}

async function step(rate: number, sessions: Record<string, string>[]): Promise<Step> {
	const total = Math.round(rate * seconds);
	const latencies: number[] = [];
	const byKind = new Map<Kind, number[]>();
	let errors = 0;
	let done = 0;
	const started = performance.now();
	let lastDone = started;
	const inFlight: Promise<void>[] = [];
	for (let i = 0; i < total; i++) {
		const due = started + (i * 1000) / rate;
		const wait = due - performance.now();
		if (wait > 1) await new Promise((r) => setTimeout(r, wait));
		const kind = pick(i);
		const t = performance.now();
		// A hard stop besides the fetch's own signal: a stuck body must not hold up the ladder.
		let stop: ReturnType<typeof setTimeout> | undefined;
		const deadline = new Promise<never>((_, reject) => {
			stop = setTimeout(() => reject(new Error('timed out')), timeoutMs + 2000);
		});
		inFlight.push(
			Promise.race([
				request(kind, sessions[i % sessions.length], i).then(async (res) => {
					await res.arrayBuffer();
					return res;
				}),
				deadline
			])
				.then((res) => {
					if (res.status !== 200) throw new Error(String(res.status));
					const took = performance.now() - t;
					latencies.push(took);
					const list = byKind.get(kind) ?? [];
					list.push(took);
					byKind.set(kind, list);
					done++;
					lastDone = performance.now();
				})
				.catch(() => {
					errors++;
				})
				.finally(() => clearTimeout(stop))
		);
	}
	await Promise.all(inFlight);
	// Completed per second over the time it took to finish them (the schedule, or longer).
	const elapsed = Math.max(seconds * 1000, lastDone - started) / 1000;
	return { rate, completedPerS: done / elapsed, latencies, errors, byKind };
}

const rows: BenchRow[] = [];
try {
	const sessions = await Promise.all(users.map(signIn));
	// Warm up: the first requests compile statements and fill caches.
	await step(5, sessions);
	console.log(
		`Open-loop mixed load, ${seconds} s per rate, ${users.length} sessions, ${JSON.stringify(serverEnv)}`
	);
	console.log('offered/s  completed/s  p50       p99       errors  p50 pull/push/list/insights');
	for (const rate of rates) {
		const s = await step(rate, sessions);
		const kinds = (['pull', 'push', 'list', 'insights'] as Kind[])
			.map((k) => ms(percentile(s.byKind.get(k) ?? [0], 50)))
			.join(' / ');
		const p50 = ms(percentile(s.latencies.length ? s.latencies : [0], 50));
		const p99 = ms(percentile(s.latencies.length ? s.latencies : [0], 99));
		console.log(
			`${String(rate).padEnd(10)} ${s.completedPerS.toFixed(1).padEnd(12)} ${p50.padEnd(9)} ${p99.padEnd(9)} ${String(s.errors).padEnd(7)} ${kinds}`
		);
		rows.push({
			benchmark: 'API load ladder',
			measure: `${rate}/s offered: completed/s, p50 / p99, errors`,
			value: `${s.completedPerS.toFixed(1)}, ${p50} / ${p99}, ${s.errors}`
		});
	}
} finally {
	await server.dispose();
}
report(rows);
