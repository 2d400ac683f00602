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

describe('headers and unknown paths', () => {
	it('sends the configured CSP and secure headers', async () => {
		const res = await server.request('/api/health');
		expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
	});

	it('answers an unknown API path with a JSON 404', async () => {
		const res = await server.request('/api/nothing-here', { cookie: ahmed });
		expect(res.status).toBe(404);
		expect(await res.json()).toMatchObject({ error: 'not_found' });
	});
});
