import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
beforeEach(() => {
	server = createTestServer();
});
afterEach(() => server.close());

const login = (username: string, password: string) =>
	server.request('/api/auth/login', { method: 'POST', json: { username, password } });

describe('sign-in', () => {
	it('signs in with the right password and sets an httpOnly, SameSite=Strict cookie', async () => {
		const res = await login('cllr.ahmed', 'wardline-demo');
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(body.user).toMatchObject({
			username: 'cllr.ahmed',
			displayName: 'Cllr Samira Ahmed',
			role: 'member',
			wardId: 'ward-belah'
		});
		const cookie = res.headers.get('set-cookie') ?? '';
		expect(cookie).toMatch(/^wardline_session=[\w-]{43};/);
		expect(cookie).toContain('HttpOnly');
		expect(cookie).toContain('SameSite=Strict');
		expect(cookie).not.toContain('Secure'); // localhost
	});

	it('marks the cookie Secure for a host that is not localhost', async () => {
		const res = await server.app.request('https://wardline.example.gov.uk/api/auth/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'cllr.ahmed', password: 'wardline-demo' })
		});
		expect(res.headers.get('set-cookie')).toContain('Secure');
	});

	it('refuses a wrong password or unknown user with the same answer', async () => {
		for (const res of [await login('cllr.ahmed', 'nope'), await login('nobody', 'wardline-demo')]) {
			expect(res.status).toBe(401);
			expect(await res.json()).toEqual({
				error: 'bad_credentials',
				message: 'That username and password do not match.'
			});
			expect(res.headers.get('set-cookie')).toBeNull();
		}
	});

	it('refuses an inactive user even with the right password', async () => {
		server.sqlite.prepare("update users set active = 0 where username = 'cllr.brown'").run();
		expect((await login('cllr.brown', 'wardline-demo')).status).toBe(401);
	});

	it('blocks an account after 5 failures for 15 minutes, even with the right password', async () => {
		for (let i = 0; i < 5; i += 1) expect((await login('cllr.ahmed', 'wrong')).status).toBe(401);
		const blocked = await login('cllr.ahmed', 'wardline-demo');
		expect(blocked.status).toBe(429);
		expect(await blocked.json()).toEqual({
			error: 'too_many_attempts',
			message: 'Too many sign-in attempts. Wait 15 minutes and try again.'
		});
		// Other accounts are not locked by it.
		expect((await login('cllr.brown', 'wardline-demo')).status).toBe(200);
		server.clock.advance(15 * 60_000 + 1);
		expect((await login('cllr.ahmed', 'wardline-demo')).status).toBe(200);
	});

	it('blocks an address after 20 failures across accounts, but not other addresses', async () => {
		const from = (address: string, username: string, password: string) =>
			server.app.request(
				'http://localhost/api/auth/login',
				{
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ username, password })
				},
				{ incoming: { socket: { remoteAddress: address } } }
			);
		for (let i = 0; i < 20; i += 1)
			expect((await from('203.0.113.9', `guess${i}`, 'wrong')).status).toBe(401);
		expect((await from('203.0.113.9', 'cllr.ahmed', 'wardline-demo')).status).toBe(429);
		expect((await from('198.51.100.7', 'cllr.ahmed', 'wardline-demo')).status).toBe(200);
	});

	it('refuses fields it does not know in the sign-in body', async () => {
		const res = await server.request('/api/auth/login', {
			method: 'POST',
			json: { username: 'cllr.ahmed', password: 'wardline-demo', role: 'admin' }
		});
		expect(res.status).toBe(400);
		expect((await res.json()).message).toContain('Unknown field role');
	});

	it('answers a malformed body with 400 and a readable message', async () => {
		const res = await server.request('/api/auth/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"username":'
		});
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ error: 'bad_json' });
		const empty = await login('', '');
		expect(empty.status).toBe(400);
		expect((await empty.json()).message).toContain('Enter your username');
	});
});

describe('sessions', () => {
	it('me without a session is 401 no_session', async () => {
		const res = await server.request('/api/auth/me');
		expect(res.status).toBe(401);
		expect(await res.json()).toEqual({ error: 'no_session', message: 'Sign in to continue.' });
	});

	it('me lists the Members a support officer works for', async () => {
		const cookie = await server.login('support.jones');
		const body = await (await server.request('/api/auth/me', { cookie })).json();
		expect(body.user.role).toBe('support');
		expect(body.user.members.map((m: { id: string }) => m.id).sort()).toEqual([
			'user-cllr-ahmed',
			'user-cllr-brown'
		]);
	});

	it('logout clears the cookie with the same flags, Secure outside localhost', async () => {
		for (const [host, secure, name] of [
			['http://localhost', false, 'wardline_session'],
			['https://wardline.example.gov.uk', true, '__Host-wardline_session']
		] as const) {
			const login = await server.app.request(`${host}/api/auth/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ username: 'cllr.ahmed', password: 'wardline-demo' })
			});
			const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
			expect(login.headers.get('set-cookie')).toMatch(/Path=\/; Expires=.+; HttpOnly/);
			const res = await server.app.request(`${host}/api/auth/logout`, {
				method: 'POST',
				headers: { cookie }
			});
			const cleared = res.headers.get('set-cookie') ?? '';
			expect(cleared.startsWith(`${name}=;`), cleared).toBe(true);
			expect(cleared).toContain('HttpOnly');
			expect(cleared).toContain('SameSite=Strict');
			expect(cleared.includes('Secure'), host).toBe(secure);
		}
	});

	it('logout refuses a body other than {}', async () => {
		const cookie = await server.login('cllr.ahmed');
		const res = await server.request('/api/auth/logout', {
			method: 'POST',
			cookie,
			json: { everywhere: true }
		});
		expect(res.status).toBe(400);
		expect((await server.request('/api/auth/me', { cookie })).status).toBe(200);
	});

	it('logout ends the session', async () => {
		const cookie = await server.login('cllr.ahmed');
		expect((await server.request('/api/auth/me', { cookie })).status).toBe(200);
		expect((await server.request('/api/auth/logout', { method: 'POST', cookie })).status).toBe(200);
		expect((await server.request('/api/auth/me', { cookie })).status).toBe(401);
	});

	it('a session ends after 12 idle hours, and after 7 days however busy', async () => {
		const cookie = await server.login('cllr.ahmed');
		server.clock.advance(11 * 3_600_000);
		expect((await server.request('/api/auth/me', { cookie })).status).toBe(200);
		server.clock.advance(11 * 3_600_000);
		expect((await server.request('/api/auth/me', { cookie })).status).toBe(200);
		server.clock.advance(12 * 3_600_000 + 1);
		expect((await server.request('/api/auth/me', { cookie })).status).toBe(401);

		const busy = await server.login('cllr.ahmed');
		for (let hour = 0; hour < 7 * 24; hour += 6) {
			server.clock.advance(6 * 3_600_000);
			const status = (await server.request('/api/auth/me', { cookie: busy })).status;
			expect(status).toBe(hour + 6 < 7 * 24 ? 200 : 401);
		}
	});

	it('each sign-in makes a new session and stores only the token hash', async () => {
		const a = await server.login('cllr.ahmed');
		const b = await server.login('cllr.ahmed');
		expect(a).not.toBe(b);
		const token = a.split('=')[1];
		const ids = server.sqlite.prepare('select id from sessions').all() as { id: string }[];
		expect(ids).toHaveLength(2);
		expect(ids.some((row) => row.id === token)).toBe(false);
	});
});
