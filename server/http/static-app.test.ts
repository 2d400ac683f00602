import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let buildDir: string;
beforeEach(() => {
	buildDir = mkdtempSync(join(tmpdir(), 'wardline-build-'));
	mkdirSync(join(buildDir, '_app/immutable'), { recursive: true });
	writeFileSync(join(buildDir, 'index.html'), '<!doctype html><title>Wardline start</title>');
	writeFileSync(join(buildDir, '200.html'), '<!doctype html><title>Wardline</title>');
	writeFileSync(join(buildDir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
	writeFileSync(join(buildDir, 'manifest.webmanifest'), '{}');
	writeFileSync(join(buildDir, '_app/immutable/app.abc123.js'), 'export {};');
	server = createTestServer({ staticDir: buildDir });
});
afterEach(() => {
	server.close();
	rmSync(buildDir, { recursive: true, force: true });
});

describe('serving the built app', () => {
	it('serves hashed assets as immutable and the service worker as no-cache', async () => {
		const asset = await server.request('/_app/immutable/app.abc123.js');
		expect(asset.status).toBe(200);
		expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		const sw = await server.request('/sw.js');
		expect(await sw.text()).toContain('addEventListener');
		expect(sw.headers.get('cache-control')).toBe('no-cache');
		expect((await server.request('/manifest.webmanifest')).headers.get('cache-control')).toBe(
			'no-cache'
		);
	});

	it('falls back to the SPA shell (200.html) for app pages, but not for /api or /open311', async () => {
		const page = await server.request('/referrals/123');
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('<title>Wardline</title>');
		expect(page.headers.get('cache-control')).toBe('no-cache');
		expect((await server.request('/')).status).toBe(200);
		const api = await server.request('/api/unknown');
		expect(api.status).toBe(404);
		expect(api.headers.get('content-type')).toContain('application/json');
		expect((await server.request('/open311/v2/unknown.json')).status).toBe(404);
	});
});
