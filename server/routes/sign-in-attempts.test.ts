import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runHousekeeping } from '../housekeeping.ts';
import { createTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let admin: string;
beforeEach(async () => {
	server = createTestServer();
	admin = await server.login('admin');
});
afterEach(() => server.close());

const from = (address: string, username: string, password: string, app = server.app) =>
	server.signInFrom(address, username, password, app);

const list = async () =>
	(await server.request('/api/admin/sign-in-attempts', { cookie: admin })).json();
const clear = (query: string) =>
	server.request(`/api/admin/sign-in-attempts${query}`, { method: 'DELETE', cookie: admin });

describe('admin: sign-in attempts', () => {
	it('lists failed attempts by account and address, newest first, with the wait and known addresses', async () => {
		expect((await from('203.0.113.9', 'cllr.ahmed', 'wardline-demo')).status).toBe(200);
		for (let i = 0; i < 5; i += 1) await from('203.0.113.9', 'cllr.ahmed', 'wrong');
		server.clock.advance(1000);
		await from('198.51.100.7', 'no.such.person', 'wrong');
		const body = await list();
		expect(body.attempts).toEqual([
			{
				username: 'no.such.person',
				displayName: null,
				address: '198.51.100.7',
				failures: 1,
				lastAttemptAt: '2026-03-02T09:00:01.000Z',
				retryAt: null,
				knownAddress: false
			},
			{
				username: 'cllr.ahmed',
				displayName: 'Cllr Samira Ahmed',
				address: '203.0.113.9',
				failures: 5,
				lastAttemptAt: '2026-03-02T09:00:00.000Z',
				retryAt: '2026-03-02T09:00:30.000Z',
				knownAddress: true
			}
		]);
		expect(body.addresses).toEqual([
			{ address: '203.0.113.9', failuresLastHour: 5, slowed: false },
			{ address: '198.51.100.7', failuresLastHour: 1, slowed: false }
		]);
		expect(body.rules).toEqual({
			freeFailures: 5,
			maxDelaySeconds: 900,
			addressSoftLimit: 100,
			accountSoftLimit: 20
		});
	});

	it('clearing a pair lets the right password in at once, and is audited', async () => {
		for (let i = 0; i < 5; i += 1) await from('203.0.113.9', 'cllr.ahmed', 'wrong');
		expect((await from('203.0.113.9', 'cllr.ahmed', 'wardline-demo')).status).toBe(429);
		const res = await clear('?username=Cllr.Ahmed&address=203.0.113.9');
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ cleared: 1 });
		expect((await from('203.0.113.9', 'cllr.ahmed', 'wardline-demo')).status).toBe(200);
		expect((await list()).attempts).toEqual([]);
		const audit = server.sqlite
			.prepare(
				"select user_id, detail from audit_log where action = 'admin.sign-in-attempts.clear'"
			)
			.all();
		expect(audit).toEqual([
			{
				user_id: 'user-admin',
				detail: JSON.stringify({ username: 'cllr.ahmed', address: '203.0.113.9', cleared: 1 })
			}
		]);
	});

	it('clears every address of an account, or every account of an address', async () => {
		for (const address of ['10.0.0.1', '10.0.0.2']) await from(address, 'cllr.ahmed', 'wrong');
		await from('10.0.0.1', 'cllr.brown', 'wrong');
		expect(await (await clear('?username=cllr.ahmed')).json()).toEqual({ cleared: 2 });
		expect((await list()).attempts.map((a: { username: string }) => a.username)).toEqual([
			'cllr.brown'
		]);
		await from('10.0.0.2', 'cllr.ahmed', 'wrong');
		expect(await (await clear('?address=10.0.0.1')).json()).toEqual({ cleared: 1 });
		expect((await list()).attempts.map((a: { address: string }) => a.address)).toEqual([
			'10.0.0.2'
		]);
	});

	it('refuses a clear that names neither account nor address, or a field it does not know', async () => {
		for (const query of ['', '?everything=1']) {
			const res = await clear(query);
			expect(res.status, query).toBe(400);
			expect((await res.json()).error).toBe('bad_request');
		}
	});
});

describe('housekeeping', () => {
	it('forgets pairs quiet for a day, but keeps an address known to its account for 30 days', async () => {
		await from('10.0.0.1', 'no.such.person', 'wrong');
		await from('10.0.0.1', 'cllr.ahmed', 'wardline-demo');
		const pairs = () =>
			server.sqlite.prepare('select username from sign_in_attempts order by username').all();
		server.clock.advance(23 * 3_600_000);
		expect(runHousekeeping({ db: server.db, clock: server.clock.read }).signInPairs).toBe(0);
		server.clock.advance(3_600_001);
		expect(runHousekeeping({ db: server.db, clock: server.clock.read }).signInPairs).toBe(1);
		expect(pairs()).toEqual([{ username: 'admin' }, { username: 'cllr.ahmed' }]);
		server.clock.advance(30 * 24 * 3_600_000);
		runHousekeeping({ db: server.db, clock: server.clock.read });
		expect(pairs()).toEqual([]);
	});
});
