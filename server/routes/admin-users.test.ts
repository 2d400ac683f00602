import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdminSession, AdminUser } from '#domain/admin';
import { PullResponse } from '#domain/sync-protocol';
import {
	createMutation,
	createPayload,
	createTestServer,
	type TestServer
} from '../testing/test-server.ts';

let server: TestServer;
let admin: string;
beforeEach(async () => {
	server = createTestServer();
	admin = await server.login('admin');
});
afterEach(() => server.close());

const send = (method: string, path: string, json?: unknown, cookie = admin) =>
	server.request(`/api/admin${path}`, { method, cookie, json });
const get = (path: string, cookie = admin) => server.request(`/api/admin${path}`, { cookie });
const signIn = (username: string, password: string) =>
	server.request('/api/auth/login', { method: 'POST', json: { username, password } });
const me = (cookie: string) => server.request('/api/auth/me', { cookie });

const newOfficer = {
	username: 'Officer.Parks',
	displayName: 'Sam Lee (Parks)',
	role: 'officer',
	unitId: 'unit-parks',
	email: 'sam.lee@example.gov.uk',
	password: 'a long enough secret'
};

async function pulledReferralIds(cookie: string, since = 0): Promise<string[]> {
	const res = await server.pull(cookie, since);
	expect(res.status).toBe(200);
	return PullResponse.parse(await res.json()).referrals.map((r) => r.id);
}

describe('who may manage users and sessions', () => {
	it('answers 401 without a session and 403 to every other role', async () => {
		const calls: [string, string, unknown?][] = [
			['GET', '/users'],
			['GET', '/users/user-admin'],
			['POST', '/users', newOfficer],
			['PATCH', '/users/user-cllr-ahmed', { active: false }],
			['PUT', '/users/user-support-jones/supports', { memberIds: [] }],
			['POST', '/users/user-admin/revoke-sessions'],
			['GET', '/sessions']
		];
		for (const [method, path, body] of calls)
			expect((await send(method, path, body, '')).status, `${method} ${path}`).toBe(401);
		for (const username of ['cllr.ahmed', 'support.jones', 'officer.highways']) {
			const cookie = await server.login(username);
			for (const [method, path, body] of calls)
				expect((await send(method, path, body, cookie)).status, `${username} ${path}`).toBe(403);
		}
		expect((await me(await server.login('cllr.ahmed'))).status).toBe(200);
	});
});

describe('user accounts', () => {
	it('never sends a password hash, in lists or in answers to writes', async () => {
		const answers = [
			await get('/users'),
			await send('POST', '/users', newOfficer),
			await send('PATCH', '/users/user-cllr-brown', { password: 'another long secret' }),
			await send('PUT', '/users/user-support-jones/supports', { memberIds: ['user-cllr-brown'] })
		];
		for (const res of answers) {
			expect(res.status).toBeLessThan(300);
			const text = await res.text();
			expect(text).not.toMatch(/password|scrypt\$/i);
		}
		const audit = server.sqlite.prepare('select detail from audit_log').all();
		expect(JSON.stringify(audit)).not.toMatch(/long enough secret|another long secret|scrypt\$/);
	});

	it('creates a user who can then sign in, with the username in lower case', async () => {
		const res = await send('POST', '/users', newOfficer);
		expect(res.status).toBe(201);
		expect(AdminUser.parse(await res.json())).toEqual({
			id: 'user-officer-parks',
			username: 'officer.parks',
			displayName: 'Sam Lee (Parks)',
			role: 'officer',
			wardId: null,
			unitId: 'unit-parks',
			email: 'sam.lee@example.gov.uk',
			phone: null,
			active: true,
			createdAt: '2026-03-02T09:00:00.000Z',
			memberIds: []
		});
		expect((await get('/users/user-officer-parks')).status).toBe(200);
		expect((await get('/users/user-nobody')).status).toBe(404);
		const login = await signIn('officer.parks', 'a long enough secret');
		expect(login.status).toBe(200);
		expect((await login.json()).user).toMatchObject({ role: 'officer', unitId: 'unit-parks' });
		const stored = server.sqlite
			.prepare(`select password_hash as hash from users where id = 'user-officer-parks'`)
			.get() as { hash: string };
		expect(stored.hash).toMatch(/^scrypt\$/);
	});

	it('refuses bad accounts with a message that says what to fix', async () => {
		const cases: [Record<string, unknown>, number, string][] = [
			[
				{ ...newOfficer, password: 'too short' },
				400,
				'password: Use at least 12 characters for the password'
			],
			[{ ...newOfficer, unitId: undefined }, 400, 'unitId: Choose the officer’s Business Unit'],
			[
				{ ...newOfficer, role: 'member', unitId: undefined },
				400,
				'wardId: Choose the Member’s ward'
			],
			[{ ...newOfficer, role: 'mayor' }, 400, 'role: Choose what this person does'],
			[{ ...newOfficer, unitId: 'unit-none' }, 400, 'unitId: Choose a Business Unit from the list'],
			[{ ...newOfficer, isAdmin: true }, 400, 'Unknown field isAdmin'],
			[
				{ ...newOfficer, email: 'not-an-address' },
				400,
				'email: Enter an email address like name@example.com'
			],
			[
				{ ...newOfficer, username: 'CLLR.AHMED' },
				409,
				'The username cllr.ahmed is taken. Choose another.'
			]
		];
		for (const [body, status, message] of cases) {
			const res = await send('POST', '/users', body);
			expect(res.status, message).toBe(status);
			expect((await res.json()).message).toBe(message);
		}
		const count = server.sqlite.prepare('select count(*) as n from users').get();
		expect(count).toEqual({ n: 5 });
	});

	it('a role change keeps only the ward or unit that role needs', async () => {
		const res = await send('PATCH', '/users/user-cllr-brown', {
			role: 'officer',
			unitId: 'unit-housing'
		});
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({
			role: 'officer',
			wardId: null,
			unitId: 'unit-housing'
		});
		const noWard = await send('PATCH', '/users/user-officer-highways', { role: 'member' });
		expect((await noWard.json()).message).toBe('wardId: Choose the Member’s ward');
	});

	it('puts no one newly in a retired ward or unit, but keeps one they already have', async () => {
		server.sqlite
			.prepare("update units set active = 0 where id in ('unit-parks', 'unit-highways')")
			.run();
		server.sqlite
			.prepare("update wards set active = 0 where id in ('ward-belah', 'ward-castle')")
			.run();
		const officer = await send('POST', '/users', newOfficer);
		expect(officer.status).toBe(400);
		expect((await officer.json()).message).toBe(
			'unitId: Parks is retired. Choose a Business Unit that is in use'
		);
		const moved = await send('PATCH', '/users/user-cllr-brown', { wardId: 'ward-belah' });
		expect((await moved.json()).message).toBe(
			'wardId: Belah is retired. Choose a ward that is in use'
		);
		for (const [id, patch] of [
			['user-officer-highways', { phone: '01228 496010' }],
			['user-cllr-brown', { wardId: 'ward-castle', phone: '01228 496011' }]
		] as const)
			expect((await send('PATCH', `/users/${id}`, patch)).status, id).toBe(200);
	});
});

describe('deactivating a user', () => {
	it('ends their sessions and sign-in, and keeps their referrals for admins to see', async () => {
		const ahmed = await server.login('cllr.ahmed');
		const m = createMutation();
		await server.push(ahmed, [m]);

		const res = await send('PATCH', '/users/user-cllr-ahmed', { active: false });
		expect(res.status).toBe(200);
		expect((await res.json()).active).toBe(false);
		expect((await me(ahmed)).status).toBe(401);
		expect((await signIn('cllr.ahmed', 'wardline-demo')).status).toBe(401);

		const detail = await server.request(`/api/referrals/${m.referralId}`, { cookie: admin });
		expect(detail.status).toBe(200);
		expect(await detail.json()).toMatchObject({ ownerName: 'Cllr Samira Ahmed' });
		const list = await (await server.request('/api/referrals', { cookie: admin })).json();
		expect(list.referrals.map((r: { id: string }) => r.id)).toContain(m.referralId);

		// And back: the account works again with the same password.
		await send('PATCH', '/users/user-cllr-ahmed', { active: true });
		expect((await signIn('cllr.ahmed', 'wardline-demo')).status).toBe(200);
	});

	it('an admin cannot deactivate or demote themselves', async () => {
		const off = await send('PATCH', '/users/user-admin', { active: false });
		expect(off.status).toBe(409);
		expect((await off.json()).message).toBe(
			'You cannot deactivate your own account. Ask another admin to do it.'
		);
		expect(
			(await send('PATCH', '/users/user-admin', { role: 'member', wardId: 'ward-belah' })).status
		).toBe(409);
		expect((await me(admin)).status).toBe(200);
	});

	it('a new password ends the sessions opened with the old one', async () => {
		const brown = await server.login('cllr.brown');
		await send('PATCH', '/users/user-cllr-brown', { password: 'a fresh long password' });
		expect((await me(brown)).status).toBe(401);
		expect((await signIn('cllr.brown', 'wardline-demo')).status).toBe(401);
		expect((await signIn('cllr.brown', 'a fresh long password')).status).toBe(200);
	});
});

describe('which Members a support officer supports', () => {
	it('changes what the support officer’s pull returns', async () => {
		const ahmed = await server.login('cllr.ahmed');
		const brown = await server.login('cllr.brown');
		const jones = await server.login('support.jones');
		const ahmedsReferral = createMutation();
		const brownsReferral = createMutation({ payload: createPayload({ wardId: 'ward-castle' }) });
		await server.push(ahmed, [ahmedsReferral]);
		await server.push(brown, [brownsReferral]);
		expect(await pulledReferralIds(jones)).toEqual([
			ahmedsReferral.referralId,
			brownsReferral.referralId
		]);
		const cursor = PullResponse.parse(await (await server.pull(jones)).json()).cursor;

		const res = await send('PUT', '/users/user-support-jones/supports', {
			memberIds: ['user-cllr-brown']
		});
		expect(res.status).toBe(200);
		expect((await res.json()).memberIds).toEqual(['user-cllr-brown']);
		expect(await pulledReferralIds(jones)).toEqual([brownsReferral.referralId]);

		// Supported again: a tablet that synced past Ahmed's referral still gets it.
		await send('PUT', '/users/user-support-jones/supports', {
			memberIds: ['user-cllr-brown', 'user-cllr-ahmed']
		});
		expect(await pulledReferralIds(jones, cursor)).toEqual([ahmedsReferral.referralId]);
	});

	it('accepts only Members, and only for support officers', async () => {
		const notMember = await send('PUT', '/users/user-support-jones/supports', {
			memberIds: ['user-cllr-ahmed', 'user-officer-highways', 'user-nobody']
		});
		expect(notMember.status).toBe(400);
		expect((await notMember.json()).message).toBe(
			'memberIds: These are not Members: user-officer-highways, user-nobody'
		);
		const notSupport = await send('PUT', '/users/user-officer-highways/supports', {
			memberIds: ['user-cllr-ahmed']
		});
		expect(notSupport.status).toBe(400);
		const jones = (await (await get('/users')).json()).users.find(
			(u: { id: string }) => u.id === 'user-support-jones'
		);
		expect(jones.memberIds.sort()).toEqual(['user-cllr-ahmed', 'user-cllr-brown']);
	});
});

describe('sessions', () => {
	it('lists a user’s live sessions and revokes one: their next request is a 401', async () => {
		const ahmed = await server.login('cllr.ahmed');
		const list = await (await get('/sessions?userId=user-cllr-ahmed')).json();
		const sessions = list.sessions.map((s: unknown) => AdminSession.parse(s));
		expect(sessions).toHaveLength(1);
		expect(sessions[0]).toMatchObject({ userId: 'user-cllr-ahmed', current: false });

		const res = await send('POST', `/sessions/${sessions[0].id}/revoke`);
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ revoked: 1 });
		expect((await me(ahmed)).status).toBe(401);
		expect((await get('/sessions?userId=user-cllr-ahmed')).status).toBe(200);
		expect((await (await get('/sessions?userId=user-cllr-ahmed')).json()).sessions).toEqual([]);
		expect((await send('POST', '/sessions/nope/revoke')).status).toBe(404);
	});

	it('revoke-sessions ends all of a user’s sessions; an admin’s own keeps this one', async () => {
		const first = await server.login('officer.highways');
		const second = await server.login('officer.highways');
		const res = await send('POST', '/users/user-officer-highways/revoke-sessions');
		expect(await res.json()).toEqual({ revoked: 2 });
		expect((await me(first)).status).toBe(401);
		expect((await me(second)).status).toBe(401);

		const otherTablet = await server.login('admin');
		await send('POST', '/users/user-admin/revoke-sessions');
		expect((await me(otherTablet)).status).toBe(401);
		expect((await me(admin)).status).toBe(200);
		const audit = server.sqlite
			.prepare(`select action, detail from audit_log where action like 'admin.user.%'`)
			.all();
		expect(audit).toEqual([
			{
				action: 'admin.user.revoke-sessions',
				detail: JSON.stringify({ id: 'user-officer-highways', revoked: 2 })
			},
			{
				action: 'admin.user.revoke-sessions',
				detail: JSON.stringify({ id: 'user-admin', revoked: 1 })
			}
		]);
	});
});
