import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig, type AppConfig } from '../context.ts';
import { createTestServer, type TestServer } from '../testing/test-server.ts';
import { clientAddress } from './public-origin.ts';

let server: TestServer | undefined;
afterEach(() => server?.close());

const demo = { username: 'cllr.ahmed', password: 'wardline-demo' };

function start(config: Partial<AppConfig> = {}) {
	server = createTestServer({ config });
	return server;
}

/** A request as it reaches Wardline: `url` is what the socket shows (behind a proxy, its upstream). */
function call(s: TestServer, url: string, init: RequestInit & { json?: unknown } = {}) {
	const headers = new Headers(init.headers);
	let body = init.body;
	if (init.json !== undefined) {
		headers.set('content-type', 'application/json');
		body = JSON.stringify(init.json);
	}
	return s.app.request(url, { ...init, headers, body });
}

const signIn = (s: TestServer, url: string, headers: Record<string, string> = {}) =>
	call(s, `${url}/api/auth/login`, { method: 'POST', json: demo, headers });

describe('the session cookie follows the public origin', () => {
	it('plain-http localhost (the demo): the bare name, not Secure', async () => {
		const res = await signIn(start(), 'http://localhost');
		const cookie = res.headers.get('set-cookie') ?? '';
		expect(cookie).toMatch(/^wardline_session=[\w-]{43};/);
		expect(cookie).not.toContain('Secure');
	});

	it('https: __Host-wardline_session, Secure, Path=/, no Domain', async () => {
		const res = await signIn(start(), 'https://wardline.example.gov.uk');
		const cookie = res.headers.get('set-cookie') ?? '';
		expect(cookie).toMatch(/^__Host-wardline_session=[\w-]{43};/);
		expect(cookie).toContain('Secure');
		expect(cookie).toContain('Path=/;');
		expect(cookie).not.toMatch(/Domain=/i);
	});

	it('behind a proxy that rewrites Host to localhost: Secure because WARDLINE_PUBLIC_URL is https', async () => {
		const s = start({ publicUrl: 'https://wardline.example.gov.uk' });
		const res = await signIn(s, 'http://localhost:3000');
		const cookie = res.headers.get('set-cookie') ?? '';
		expect(cookie).toMatch(/^__Host-wardline_session=/);
		expect(cookie).toContain('Secure');
		// And the session works with it.
		const me = await call(s, 'http://localhost:3000/api/auth/me', {
			headers: { cookie: cookie.split(';')[0] }
		});
		expect(me.status).toBe(200);
	});

	it('X-Forwarded-Proto counts only from a trusted proxy', async () => {
		const untrusted = await signIn(start(), 'http://localhost:3000', {
			'x-forwarded-proto': 'https'
		});
		expect(untrusted.headers.get('set-cookie')).not.toContain('Secure');
		server?.close();
		const trusted = await signIn(start({ trustProxy: 1 }), 'http://localhost:3000', {
			'x-forwarded-proto': 'https'
		});
		expect(trusted.headers.get('set-cookie')).toMatch(/^__Host-wardline_session=.*Secure/);
		server?.close();
		// A client cannot talk the server out of Secure on an https host.
		const downgrade = await signIn(start(), 'https://wardline.example.gov.uk', {
			'x-forwarded-proto': 'http'
		});
		expect(downgrade.headers.get('set-cookie')).toContain('Secure');
	});

	it('over https the bare-named cookie opens no session (it could be planted from a subdomain)', async () => {
		const s = start();
		const res = await signIn(s, 'https://wardline.example.gov.uk');
		const token = (res.headers.get('set-cookie') ?? '').split(';')[0].split('=')[1];
		const bare = await call(s, 'https://wardline.example.gov.uk/api/auth/me', {
			headers: { cookie: `wardline_session=${token}` }
		});
		expect(bare.status).toBe(401);
		const prefixed = await call(s, 'https://wardline.example.gov.uk/api/auth/me', {
			headers: { cookie: `__Host-wardline_session=${token}` }
		});
		expect(prefixed.status).toBe(200);
	});

	it('signing in over https lets an old bare-named cookie go; signing out clears the prefixed one', async () => {
		const s = start();
		const res = await signIn(s, 'https://wardline.example.gov.uk', {
			cookie: 'wardline_session=from-before'
		});
		const cookies = res.headers.getSetCookie();
		expect(cookies).toHaveLength(2);
		expect(cookies[1]).toMatch(/^wardline_session=; Max-Age=0; Path=\/;/);
		const session = cookies[0].split(';')[0];
		const out = await call(s, 'https://wardline.example.gov.uk/api/auth/logout', {
			method: 'POST',
			headers: { cookie: session }
		});
		const cleared = out.headers.get('set-cookie') ?? '';
		expect(cleared).toMatch(/^__Host-wardline_session=; Max-Age=0; Path=\/;/);
		expect(cleared).toContain('Secure');
		expect(
			(
				await call(s, 'https://wardline.example.gov.uk/api/auth/me', {
					headers: { cookie: session }
				})
			).status
		).toBe(401);
	});
});

describe('cross-site refusal agrees with the public origin', () => {
	const logout = (
		s: TestServer,
		url: string,
		origin: string,
		headers: Record<string, string> = {}
	) => call(s, `${url}/api/auth/logout`, { method: 'POST', headers: { origin, ...headers } });

	it('behind a proxy with WARDLINE_PUBLIC_URL: the public origin is ours, the upstream and others are not', async () => {
		const s = start({ publicUrl: 'https://wardline.example.gov.uk' });
		expect(
			(await logout(s, 'http://localhost:3000', 'https://wardline.example.gov.uk')).status
		).toBe(200);
		for (const origin of [
			'http://wardline.example.gov.uk',
			'https://evil.example',
			'https://wardline.example.gov.uk.evil.example',
			'null'
		])
			expect((await logout(s, 'http://localhost:3000', origin)).status, origin).toBe(403);
	});

	it('without a public URL: the host the socket shows, or the one a trusted proxy forwarded', async () => {
		const s = start();
		expect(
			(await logout(s, 'http://localhost:3000', 'https://wardline.example.gov.uk')).status
		).toBe(403);
		// Forwarded host from an untrusted client: ignored.
		expect(
			(
				await logout(s, 'http://localhost:3000', 'https://wardline.example.gov.uk', {
					'x-forwarded-host': 'wardline.example.gov.uk'
				})
			).status
		).toBe(403);
		server?.close();
		const trusted = start({ trustProxy: 1 });
		const forwarded = {
			'x-forwarded-host': 'wardline.example.gov.uk',
			'x-forwarded-proto': 'https'
		};
		expect(
			(await logout(trusted, 'http://localhost:3000', 'https://wardline.example.gov.uk', forwarded))
				.status
		).toBe(200);
		expect(
			(await logout(trusted, 'http://localhost:3000', 'https://evil.example', forwarded)).status
		).toBe(403);
	});
});

describe('the client address', () => {
	const app = (trustProxy: number) =>
		new Hono().get('/', (c) => c.text(clientAddress(c, { ...defaultConfig, trustProxy })));
	const from = (trustProxy: number, forwardedFor?: string) =>
		app(trustProxy).request(
			'http://localhost/',
			{ headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} },
			{ incoming: { socket: { remoteAddress: '10.0.0.5' } } }
		);

	it('is the socket peer unless a proxy is trusted', async () => {
		expect(await (await from(0)).text()).toBe('10.0.0.5');
		expect(await (await from(0, '203.0.113.9')).text()).toBe('10.0.0.5');
	});

	it('with trusted proxies, the entry the outermost one added; what the client wrote is ignored', async () => {
		expect(await (await from(1, '203.0.113.9')).text()).toBe('203.0.113.9');
		expect(await (await from(1, '198.51.100.1, 203.0.113.9')).text()).toBe('203.0.113.9');
		expect(await (await from(2, '198.51.100.1, 203.0.113.9, 10.0.0.2')).text()).toBe('203.0.113.9');
		expect(await (await from(1)).text()).toBe('10.0.0.5');
	});
});
