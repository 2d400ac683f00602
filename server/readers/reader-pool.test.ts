// Pulls and insights answered from reader threads (WARDLINE_READERS) are the same as those
// answered on the main thread, and a pull is still audited (issue 17).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createMutation, createTestServer, type TestServer } from '../testing/test-server.ts';
import { ReaderPool } from './reader-pool.ts';

let server: TestServer;
let pool: ReaderPool;
let withReaders: ReturnType<typeof createApp>;
let ahmed: string;
beforeAll(async () => {
	server = createTestServer();
	pool = new ReaderPool(server.sqlite.name, 2);
	// The same database and clock, with the readers: both apps see every write at once.
	withReaders = createApp({
		db: server.db,
		sqlite: server.sqlite,
		clock: server.clock.read,
		live: server.live,
		readers: pool
	});
	ahmed = await server.login('cllr.ahmed');
	const pushed = await server.push(
		ahmed,
		Array.from({ length: 30 }, () => createMutation())
	);
	expect(pushed.status).toBe(200);
}, 30_000);
afterAll(async () => {
	await pool.close();
	server.close();
});

const viaReaders = (path: string) =>
	withReaders.request(`http://localhost${path}`, { headers: { cookie: ahmed } });
const pullAudits = () =>
	(
		server.sqlite.prepare("select count(*) as n from audit_log where action = 'pull'").get() as {
			n: number;
		}
	).n;

describe('reader threads', () => {
	it('answer a pull as the main thread does, page by page, and audit it', async () => {
		const before = pullAudits();
		for (const query of ['since=0&limit=10', 'since=0', 'since=5&limit=7']) {
			const main = await server.request(`/api/sync/pull?${query}`, { cookie: ahmed });
			const reader = await viaReaders(`/api/sync/pull?${query}`);
			expect(reader.status).toBe(200);
			expect(reader.headers.get('content-type')).toContain('application/json');
			expect(reader.headers.get('cache-control')).toBe('no-store');
			expect(await reader.json()).toEqual(await main.json());
		}
		// Each referral a pull sent is audited, once per person in 15 minutes (readCoalesceMinutes)
		// whichever thread answered: the 30 referrals these pulls sent between them.
		expect(pullAudits() - before).toBe(30);
	});

	it('see a write made on the main thread at once', async () => {
		const { cursor } = (await (await viaReaders('/api/sync/pull?since=0')).json()) as {
			cursor: number;
		};
		expect((await server.push(ahmed, [createMutation()])).status).toBe(200);
		const next = (await (await viaReaders(`/api/sync/pull?since=${cursor}`)).json()) as {
			referrals: unknown[];
		};
		expect(next.referrals).toHaveLength(1);
	});

	it('answer insights as the main thread does', async () => {
		const query = '/api/insights?from=2026-01-01&to=2026-03-31';
		const main = await server.request(query, { cookie: ahmed });
		const reader = await viaReaders(query);
		expect(main.status).toBe(200);
		expect(reader.status).toBe(200);
		expect(await reader.json()).toEqual(await main.json());
	});

	it('refuse a bad query on the main thread, before any reader is asked', async () => {
		const res = await viaReaders('/api/sync/pull?since=x');
		expect(res.status).toBe(400);
	});
});
