import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureReferral, signIn, type Cookies } from '../testing/privacy-fixtures.ts';
import { createTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let cookies: Cookies;
let referralId: string;
beforeEach(async () => {
	server = createTestServer();
	cookies = await signIn(server);
	referralId = await captureReferral(server, cookies);
});
afterEach(() => server.close());

interface AuditPage {
	entries: {
		id: number;
		at: string;
		userId: string;
		userName: string;
		action: string;
		referralId: string | null;
		reference: string | null;
		detail: string | null;
		description: string;
	}[];
	nextCursor: string | null;
}

const audit = async (query = '') => {
	const res = await server.request(`/api/admin/audit${query ? `?${query}` : ''}`, {
		cookie: cookies.admin
	});
	expect(res.status, query).toBe(200);
	return (await res.json()) as AuditPage;
};

describe('audit search', () => {
	it('shows an officer reading a referral, newest first, with names and the reference', async () => {
		server.clock.advance(60_000);
		await server.request(`/api/referrals/${referralId}`, { cookie: cookies.officer });
		const { entries, nextCursor } = await audit();
		expect(nextCursor).toBeNull();
		expect(entries[0]).toEqual({
			id: expect.any(Number),
			at: '2026-03-02T09:01:00.000Z',
			userId: 'user-officer-highways',
			userName: 'Priya Patel (Highways)',
			action: 'read',
			referralId,
			reference: 'CR-2026-00001',
			detail: null,
			description: 'Opened the referral'
		});
		expect(entries.map((e) => e.action)).toEqual(['read', 'create']);
		const ids = entries.map((e) => e.id);
		expect(ids).toEqual([...ids].sort((a, b) => b - a));
	});

	it('records every read of personal data: list, pull and photos as well as one referral', async () => {
		const { officer, member } = cookies;
		await server.request('/api/referrals', { cookie: officer });
		await server.pull(member);
		const photoId = (server.sqlite.prepare('select id from attachments').get() as { id: string })
			.id;
		await server.request(`/api/attachments/${photoId}`, { cookie: member });
		const actions = (await audit(`referralId=${referralId}`)).entries.map(
			(e) => `${e.userId} ${e.action}`
		);
		expect(actions).toEqual([
			'user-cllr-ahmed photo',
			'user-cllr-ahmed pull',
			'user-officer-highways list',
			'user-cllr-ahmed create'
		]);
	});

	it('records a person looking at the same referral the same way once in 15 minutes, not at every sync', async () => {
		const { officer, member } = cookies;
		// A tablet syncing every 30 seconds for a quarter of an hour, and an officer opening it twice.
		for (let i = 0; i < 30; i += 1) {
			server.clock.advance(30_000);
			await server.pull(member);
		}
		await server.request(`/api/referrals/${referralId}`, { cookie: officer });
		await server.request(`/api/referrals/${referralId}`, { cookie: officer });
		const lines = async () =>
			(await audit(`referralId=${referralId}`)).entries.map((e) => `${e.userId} ${e.action}`);
		expect(await lines()).toEqual([
			'user-officer-highways read',
			'user-cllr-ahmed pull',
			'user-cllr-ahmed create'
		]);
		// Another way of looking, or a change, is its own row; so is looking again later.
		await server.request('/api/referrals', { cookie: officer });
		server.clock.advance(15 * 60_000);
		await server.pull(member);
		expect(await lines()).toEqual([
			'user-cllr-ahmed pull',
			'user-officer-highways list',
			'user-officer-highways read',
			'user-cllr-ahmed pull',
			'user-cllr-ahmed create'
		]);
	});

	it('says in plain words what each entry was', async () => {
		await server.pull(cookies.member);
		const { entries } = await audit(`referralId=${referralId}`);
		expect(entries.map((e) => e.description)).toEqual([
			'Had it copied to their tablet (sync)',
			'Added the referral'
		]);
	});

	it('filters by referral, reference, user and period, and pages with a cursor', async () => {
		const second = await captureReferral(server, cookies);
		// Reads at 17:00, 01:00 the next day and 09:00 the next day.
		for (let i = 0; i < 3; i += 1) {
			server.clock.advance(8 * 3_600_000);
			await server.request(`/api/referrals/${referralId}`, { cookie: cookies.officer });
		}
		cookies.admin = await server.login('admin'); // idle for more than 12 hours
		expect((await audit(`referralId=${second}`)).entries).toHaveLength(1);
		expect((await audit('reference=cr-2026-00002')).entries[0].referralId).toBe(second);
		expect((await audit('userId=user-officer-highways')).entries).toHaveLength(3);
		expect((await audit('from=2026-03-03&to=2026-03-04')).entries).toHaveLength(2);
		expect((await audit('from=2026-03-03T09:00:00Z&to=2026-03-03T09:00:00Z')).entries).toHaveLength(
			1
		);

		const first = await audit(`referralId=${referralId}&limit=2`);
		expect(first.entries).toHaveLength(2);
		expect(first.nextCursor).not.toBeNull();
		const rest = await audit(`referralId=${referralId}&limit=2&cursor=${first.nextCursor}`);
		expect(rest.nextCursor).toBeNull();
		expect([...first.entries, ...rest.entries].map((e) => e.action)).toEqual([
			'read',
			'read',
			'read',
			'create'
		]);
	});

	it('names automatic actors such as the CRM', async () => {
		server.sqlite
			.prepare(
				"insert into audit_log (at, user_id, action, referral_id, detail) values (?, 'system:crm', 'crm_share', ?, 'x')"
			)
			.run('2026-03-02T10:00:00.000Z', referralId);
		expect((await audit('userId=system:crm')).entries[0].userName).toBe(
			'The council’s CRM (automatic)'
		);
	});

	it('refuses unknown parameters and bad values with 400, an unknown reference with 404', async () => {
		for (const query of [
			'user=admin',
			'limit=0',
			'limit=501',
			'limit=NaN',
			'limit=1e3',
			'cursor=-1',
			'from=2026-02-30',
			'from=yesterday',
			'from=2026-03-05&to=2026-03-04',
			'referralId='
		]) {
			const res = await server.request(`/api/admin/audit?${query}`, { cookie: cookies.admin });
			expect(res.status, query).toBe(400);
			expect((await res.json()).error).toBe('bad_request');
		}
		const missing = await server.request('/api/admin/audit?reference=CR-1999-00001', {
			cookie: cookies.admin
		});
		expect(missing.status).toBe(404);
	});

	it('is for admins only', async () => {
		expect((await server.request('/api/admin/audit')).status).toBe(401);
		for (const cookie of [cookies.member, cookies.officer])
			expect((await server.request('/api/admin/audit', { cookie })).status).toBe(403);
	});
});
