import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMutation, createTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let ahmed: string;
beforeEach(async () => {
	server = createTestServer();
	ahmed = await server.login('cllr.ahmed');
});
afterEach(() => server.close());

const pushBody = JSON.stringify({ deviceId: 'd', mutations: [createMutation()] });

describe('cross-site and content-type protection', () => {
	it('refuses a write whose Origin is another site with 403 cross_site', async () => {
		const res = await server.request('/api/sync/push', {
			method: 'POST',
			cookie: ahmed,
			headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
			body: pushBody
		});
		expect(res.status).toBe(403);
		expect((await res.json()).error).toBe('cross_site');
		expect(
			(server.sqlite.prepare('select count(*) as n from referrals').get() as { n: number }).n
		).toBe(0);
	});

	it('refuses Origin: null and a look-alike host', async () => {
		for (const origin of ['null', 'http://localhost.evil.example', 'http://localhost:8080']) {
			const res = await server.request('/api/auth/logout', {
				method: 'POST',
				cookie: ahmed,
				headers: { origin }
			});
			expect(res.status, origin).toBe(403);
		}
	});

	it('accepts a write from its own origin', async () => {
		const res = await server.request('/api/sync/push', {
			method: 'POST',
			cookie: ahmed,
			headers: { origin: 'http://localhost', 'content-type': 'application/json' },
			body: pushBody
		});
		expect(res.status).toBe(200);
	});

	it('refuses form-encoded and text bodies with 415', async () => {
		for (const type of [
			'application/x-www-form-urlencoded',
			'text/plain',
			'multipart/form-data; boundary=x'
		]) {
			const res = await server.request('/api/sync/push', {
				method: 'POST',
				cookie: ahmed,
				headers: { 'content-type': type },
				body: pushBody
			});
			expect(res.status, type).toBe(415);
		}
	});

	it('refuses a JSON body over 1 MB with 413', async () => {
		const res = await server.request('/api/sync/push', {
			method: 'POST',
			cookie: ahmed,
			json: { deviceId: 'd', mutations: [], padding: 'x'.repeat(1024 * 1024) }
		});
		expect(res.status).toBe(413);
		expect((await res.json()).error).toBe('too_large');
	});
});

/** Every route the app has, from its own route list: new routes are checked without a word here. */
function appRoutes(methods: string[]) {
	const seen = new Map<string, { method: string; path: string }>();
	for (const r of server.app.routes)
		if (methods.includes(r.method)) seen.set(`${r.method} ${r.path}`, r);
	// Path parameters get a value that exists nowhere: the guards must answer before any lookup.
	return [...seen.values()].map((r) => ({
		method: r.method,
		path: r.path.replace(/:[^/]+/g, '0195f3a0-0000-7000-8000-00000000dead')
	}));
}
const writeMethods = ['POST', 'PUT', 'PATCH', 'DELETE'];

describe('cross-site writes on every route', () => {
	it('refuses every state-changing route from another site, even with an admin session', async () => {
		const admin = await server.login('admin');
		const before = server.sqlite.prepare('select count(*) as n from audit_log').get();
		const routes = appRoutes(writeMethods);
		expect(routes.length).toBeGreaterThan(15);
		for (const { method, path } of routes)
			for (const headers of [
				{ origin: 'https://evil.example' } as Record<string, string>,
				{ origin: 'null' },
				{ 'sec-fetch-site': 'cross-site' }
			]) {
				const res = await server.request(path, {
					method,
					cookie: admin,
					headers: { ...headers, 'content-type': 'application/json' },
					body: '{}'
				});
				expect(res.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(403);
				expect((await res.json()).error).toBe('cross_site');
			}
		// Refused before any route ran: not even an audit row.
		expect(server.sqlite.prepare('select count(*) as n from audit_log').get()).toEqual(before);
	});

	it('refuses a body sent without a Content-Type instead of ignoring it', async () => {
		const admin = await server.login('admin');
		for (const path of ['/api/admin/crm/retry', '/api/auth/logout', '/api/admin/retention/run']) {
			const res = await server.request(path, {
				method: 'POST',
				cookie: admin,
				body: '{"referralId":"x"}'
			});
			expect(res.status, path).toBe(415);
		}
		// A bare request, as the app sends for "retry everything", is still fine.
		const bare = await server.request('/api/admin/crm/retry', { method: 'POST', cookie: admin });
		expect(bare.status).toBe(200);
	});
});

describe('headers and unknown paths', () => {
	it('sends the CSP and secure headers on every response, errors included', async () => {
		const admin = await server.login('admin');
		const routes = appRoutes(['GET', ...writeMethods]);
		const requests = [
			...routes.flatMap((r) => [
				{ ...r, cookie: undefined },
				{ ...r, cookie: admin }
			]),
			{ method: 'GET', path: '/api/nothing-here', cookie: admin },
			{ method: 'GET', path: '/nothing-here', cookie: undefined }
		];
		for (const { method, path, cookie } of requests) {
			const res = await server.request(path, {
				method,
				cookie,
				...(method === 'GET' ? {} : { json: { x: 'y'.repeat(10) } })
			});
			const where = `${method} ${path} ${res.status}`;
			const csp = res.headers.get('content-security-policy') ?? '';
			expect(csp, where).toContain("default-src 'self'");
			expect(csp, where).toContain("frame-ancestors 'none'");
			expect(csp, where).toContain("object-src 'none'");
			expect(res.headers.get('x-content-type-options'), where).toBe('nosniff');
			expect(res.headers.get('x-frame-options'), where).toBe('DENY');
			expect(res.headers.get('referrer-policy'), where).toBe('no-referrer');
			expect(res.headers.get('strict-transport-security'), where).toContain('max-age=');
		}
	});

	it('answers an unknown API path with a JSON 404', async () => {
		const res = await server.request('/api/nothing-here', { cookie: ahmed });
		expect(res.status).toBe(404);
		expect(await res.json()).toMatchObject({ error: 'not_found' });
	});
});
