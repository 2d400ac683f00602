import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { defaultSignInThrottle } from '../auth/sign-in-throttle.ts';
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

	it('refuses a malformed body before counting an attempt', async () => {
		for (let i = 0; i < 10; i += 1) expect((await login('', '')).status).toBe(400);
		expect((await login('cllr.ahmed', 'wardline-demo')).status).toBe(200);
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

const from = (address: string, username: string, password: string, app = server.app) =>
	server.signInFrom(address, username, password, app);

const office = '203.0.113.9';
const elsewhere = '198.51.100.7';

describe('the sign-in throttle (slows guessing, locks no one out)', () => {
	it('after 5 wrong from one address that pair waits 30 s (429, Retry-After), and other addresses are unaffected', async () => {
		for (let i = 0; i < 5; i += 1)
			expect((await from(office, 'cllr.ahmed', 'wrong')).status).toBe(401);
		const waiting = await from(office, 'cllr.ahmed', 'wardline-demo');
		expect(waiting.status).toBe(429);
		expect(waiting.headers.get('retry-after')).toBe('30');
		expect(await waiting.json()).toEqual({
			error: 'too_many_attempts',
			message:
				'Too many sign-in attempts for this account from here. Try again in 30 seconds, or ask an admin to clear the attempts.'
		});
		// The owner, from anywhere else, is not locked out by whoever guessed; nor are other accounts.
		expect((await from(elsewhere, 'cllr.ahmed', 'wardline-demo')).status).toBe(200);
		expect((await from(office, 'cllr.brown', 'wardline-demo')).status).toBe(200);
		// After the wait the right password works, and clears the pair.
		server.clock.advance(30_000);
		expect((await from(office, 'cllr.ahmed', 'wardline-demo')).status).toBe(200);
		for (let i = 0; i < 4; i += 1)
			expect((await from(office, 'cllr.ahmed', 'wrong')).status).toBe(401);
	});

	it('each further failure doubles the wait, up to 15 minutes', async () => {
		for (let i = 0; i < 5; i += 1) await from(office, 'cllr.ahmed', 'wrong');
		const waits: number[] = [];
		for (let i = 0; i < 8; i += 1) {
			const wait = Number((await from(office, 'cllr.ahmed', 'wrong')).headers.get('retry-after'));
			waits.push(wait);
			server.clock.advance(wait * 1000);
			expect((await from(office, 'cllr.ahmed', 'wrong')).status).toBe(401);
		}
		expect(waits).toEqual([30, 60, 120, 240, 480, 900, 900, 900]);
		const capped = await from(office, 'cllr.ahmed', 'wrong');
		expect(await capped.json()).toMatchObject({
			message: expect.stringContaining('Try again in 15 minutes')
		});
	});

	it('an unknown username is throttled exactly like a real one (nothing tells them apart)', async () => {
		for (const username of ['cllr.ahmed', 'nobody.here']) {
			const statuses: number[] = [];
			for (let i = 0; i < 6; i += 1) statuses.push((await from(office, username, 'wrong')).status);
			expect(statuses, username).toEqual([401, 401, 401, 401, 401, 429]);
		}
	});

	it('many failures from one address slow its new pairs, but the right password from a known one goes straight in', async () => {
		// A soft limit of 10 failures an hour (100 by default), so the test checks fewer passwords.
		server.close();
		server = createTestServer({
			config: { signInThrottle: { ...defaultSignInThrottle, addressSoftLimit: 10 } }
		});
		// cllr.ahmed has signed in from the office before: a known address for her.
		expect((await from(office, 'cllr.ahmed', 'wardline-demo')).status).toBe(200);
		// Someone in the office (one NAT address) tries 10 usernames.
		for (let i = 0; i < 10; i += 1) {
			const res = await from(office, `guess${i}`, 'wrong');
			expect(res.status).toBe(401);
			server.clock.advance(2_000);
		}
		// New pairs from the office are paced: a check every 2 seconds, and one free failure each.
		expect((await from(office, 'someone', 'wrong')).status).toBe(401);
		const paced = await from(office, 'someone.else', 'wrong');
		expect(paced.status).toBe(429);
		expect(paced.headers.get('retry-after')).toBe('2');
		expect((await paced.json()).message).toBe(
			'Many sign-ins have failed from this network. Try again in 2 seconds.'
		);
		// Not a lock: the known pair is not paced, and a new one gets in once its turn comes.
		expect((await from(office, 'cllr.ahmed', 'wardline-demo')).status).toBe(200);
		server.clock.advance(2_000);
		expect((await from(office, 'cllr.brown', 'wardline-demo')).status).toBe(200);
		// Another address is untouched.
		expect((await from(elsewhere, 'guest', 'wrong')).status).toBe(401);
		expect((await from(elsewhere, 'guest', 'wrong')).status).toBe(401);
	});

	it('many failures on one account from many addresses give each new address one free failure', async () => {
		for (let i = 0; i < 20; i += 1) {
			expect((await from(`192.0.2.${i}`, 'cllr.ahmed', 'wrong')).status).toBe(401);
			server.clock.advance(1_000);
		}
		expect((await from('192.0.2.200', 'cllr.ahmed', 'wrong')).status).toBe(401);
		expect((await from('192.0.2.200', 'cllr.ahmed', 'wrong')).status).toBe(429);
		// The right password from a fresh address is still checked, and works.
		expect((await from('192.0.2.201', 'cllr.ahmed', 'wardline-demo')).status).toBe(200);
	});

	it('survives a restart: the counts are in the database, not the process', async () => {
		for (let i = 0; i < 5; i += 1) await from(office, 'cllr.ahmed', 'wrong');
		const restarted = createApp({ db: server.db, sqlite: server.sqlite, clock: server.clock.read });
		expect((await from(office, 'cllr.ahmed', 'wardline-demo', restarted)).status).toBe(429);
	});

	it('a pair quiet for a day starts again with its full allowance', async () => {
		for (let i = 0; i < 5; i += 1) await from(office, 'cllr.ahmed', 'wrong');
		server.clock.advance(24 * 3_600_000);
		const statuses: number[] = [];
		for (let i = 0; i < 6; i += 1)
			statuses.push((await from(office, 'cllr.ahmed', 'wrong')).status);
		expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
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
