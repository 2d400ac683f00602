import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { precompressDir } from '../../scripts/precompress.mjs';
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

describe('serving the build precompressed (issue 17)', () => {
	let dir: string;
	let app: TestServer;
	const script = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `word ${i}`))};`;
	const page = `<!doctype html><title>Wardline sign-in</title>${'<p>Sign in to Wardline</p>'.repeat(80)}`;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'wardline-build-'));
		mkdirSync(join(dir, '_app/immutable'), { recursive: true });
		writeFileSync(join(dir, 'index.html'), page);
		writeFileSync(join(dir, '200.html'), page.replace('sign-in', 'shell'));
		writeFileSync(join(dir, 'sw.js'), `self.addEventListener("fetch", () => {});${script}`);
		writeFileSync(join(dir, '_app/immutable/app.abc123.js'), script);
		writeFileSync(join(dir, 'icon.png'), Buffer.alloc(4096, 7));
		expect(precompressDir(dir).files).toBe(4);
		app = createTestServer({ staticDir: dir });
	});
	afterEach(() => {
		app.close();
		rmSync(dir, { recursive: true, force: true });
	});

	const get = (path: string, acceptEncoding?: string) =>
		app.request(path, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

	async function decoded(res: Response): Promise<string> {
		const body = Buffer.from(await res.arrayBuffer());
		expect(res.headers.get('content-length')).toBe(String(body.length));
		const encoding = res.headers.get('content-encoding');
		if (encoding === 'br') return brotliDecompressSync(body).toString();
		if (encoding === 'gzip') return gunzipSync(body).toString();
		expect(encoding).toBeNull();
		return body.toString();
	}

	/** Every header but the encoding and length must be the same whichever encoding was sent. */
	function sameHeaders(a: Response, b: Response) {
		const strip = (res: Response) =>
			[...res.headers].filter(([name]) => !['content-encoding', 'content-length'].includes(name));
		expect(strip(a)).toEqual(strip(b));
	}

	it.each([
		['/', page, 'no-cache', 'text/html'],
		['/_app/immutable/app.abc123.js', script, 'public, max-age=31536000, immutable', 'javascript'],
		['/sw.js', `self.addEventListener("fetch", () => {});${script}`, 'no-cache', 'javascript'],
		['/referrals/123', page.replace('sign-in', 'shell'), 'no-cache', 'text/html']
	])(
		'%s: brotli, gzip or plain by Accept-Encoding, with the same headers',
		async (path, text, cache, type) => {
			const br = await get(path, 'gzip, deflate, br, zstd');
			const gz = await get(path, 'gzip, deflate');
			const plain = await get(path);
			const refusedBr = await get(path, 'br;q=0, gzip;q=0.5');
			expect(br.headers.get('content-encoding')).toBe('br');
			expect(gz.headers.get('content-encoding')).toBe('gzip');
			expect(plain.headers.get('content-encoding')).toBeNull();
			expect(refusedBr.headers.get('content-encoding')).toBe('gzip');
			for (const res of [br, gz, plain, refusedBr]) {
				expect(res.status).toBe(200);
				expect(await decoded(res)).toBe(text);
				expect(res.headers.get('vary')).toBe('Accept-Encoding');
				expect(res.headers.get('cache-control')).toBe(cache);
				expect(res.headers.get('content-type')).toContain(type);
				expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
				expect(res.headers.get('x-frame-options')).toBe('DENY');
				expect(res.headers.get('x-content-type-options')).toBe('nosniff');
			}
			sameHeaders(br, plain);
			sameHeaders(gz, plain);
			// Brotli made at build time beats gzip, and both beat the plain file.
			const sizes = [br, gz, plain].map((res) => Number(res.headers.get('content-length')));
			expect(sizes[0]).toBeLessThan(sizes[1]);
			expect(sizes[1]).toBeLessThan(sizes[2]);
		}
	);

	it('sends images as they are, and never a .br or .gz file by its own name', async () => {
		const png = await get('/icon.png', 'br, gzip');
		expect(png.headers.get('content-encoding')).toBeNull();
		expect(png.headers.get('content-type')).toBe('image/png');
		expect((await png.arrayBuffer()).byteLength).toBe(4096);
		// A compressed copy asked for by name is not a file of the app: the SPA shell answers.
		const copy = await get('/sw.js.br');
		expect(await decoded(copy)).toContain('Wardline shell');
		expect((await get('/api/unknown', 'br')).status).toBe(404);
	});

	it('answers HEAD with the headers and no body', async () => {
		const head = await app.request('/', { method: 'HEAD', headers: { 'accept-encoding': 'br' } });
		expect(head.status).toBe(200);
		expect(head.headers.get('content-encoding')).toBe('br');
		expect((await head.arrayBuffer()).byteLength).toBe(0);
	});
});
