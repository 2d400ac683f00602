// JSON answers over the threshold go out brotli or gzip by Accept-Encoding, with every other
// header as it was; the live event stream and photos never do (issue 17).
import { randomUUID } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMutation, createTestServer, type TestServer } from '../testing/test-server.ts';
import { numberedJpeg } from '../testing/test-photos.ts';
import { compressThreshold } from './compress-json.ts';

let server: TestServer;
let ahmed: string;
beforeEach(async () => {
	server = createTestServer();
	ahmed = await server.login('cllr.ahmed');
	const pushed = await server.push(
		ahmed,
		Array.from({ length: 20 }, () => createMutation())
	);
	expect(pushed.status).toBe(200);
});
afterEach(() => server.close());

const get = (path: string, acceptEncoding?: string) =>
	server.request(path, {
		cookie: ahmed,
		headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}
	});

async function decoded(res: Response): Promise<string> {
	const body = Buffer.from(await res.arrayBuffer());
	const length = res.headers.get('content-length');
	if (length !== null) expect(length).toBe(String(body.length));
	const encoding = res.headers.get('content-encoding');
	if (encoding === 'br') return brotliDecompressSync(body).toString();
	if (encoding === 'gzip') return gunzipSync(body).toString();
	expect(encoding).toBeNull();
	return body.toString();
}

const withoutLength = (res: Response) =>
	[...res.headers].filter(([name]) => !['content-encoding', 'content-length'].includes(name));

describe('compressed JSON answers', () => {
	it.each(['/api/sync/pull?since=0', '/api/referrals', '/api/reference'])(
		'%s: brotli, gzip or plain, the same JSON and the same headers (no-store among them)',
		async (path) => {
			const br = await get(path, 'gzip, deflate, br, zstd');
			const gz = await get(path, 'gzip;q=1, br;q=0');
			const plain = await get(path, 'identity');
			expect(br.headers.get('content-encoding')).toBe('br');
			expect(gz.headers.get('content-encoding')).toBe('gzip');
			expect(plain.headers.get('content-encoding')).toBeNull();
			const texts = await Promise.all([br, gz, plain].map(decoded));
			expect(texts[0]).toBe(texts[2]);
			expect(texts[1]).toBe(texts[2]);
			expect(texts[2].length).toBeGreaterThan(compressThreshold);
			expect(JSON.parse(texts[2])).toBeTypeOf('object');
			for (const res of [br, gz, plain]) {
				expect(res.status).toBe(200);
				expect(res.headers.get('cache-control')).toBe('no-store');
				expect(res.headers.get('vary')).toBe('Accept-Encoding');
				expect(res.headers.get('content-type')).toContain('application/json');
				expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
				expect(res.headers.get('x-content-type-options')).toBe('nosniff');
			}
			expect(withoutLength(br)).toEqual(withoutLength(plain));
			expect(withoutLength(gz)).toEqual(withoutLength(plain));
			expect(Number(br.headers.get('content-length'))).toBeLessThan(texts[2].length / 2);
		}
	);

	it('sends small answers and refusals as they are', async () => {
		const me = await get('/api/auth/me', 'br, gzip');
		expect(me.status).toBe(200);
		expect(me.headers.get('content-encoding')).toBeNull();
		expect((await decoded(me)).length).toBeLessThan(compressThreshold);
		const bad = await get('/api/sync/pull?since=x', 'br, gzip');
		expect(bad.status).toBe(400);
		expect(bad.headers.get('content-encoding')).toBeNull();
		expect(bad.headers.get('cache-control')).toBe('no-store');
	});

	it('keeps a sign-in cookie on a compressed answer', async () => {
		const res = await server.request('/api/auth/login', {
			method: 'POST',
			headers: { 'accept-encoding': 'br' },
			json: { username: 'admin', password: 'wardline-demo' }
		});
		expect(res.status).toBe(200);
		expect(res.headers.get('set-cookie')).toContain('wardline_session=');
	});

	it('never compresses the live event stream: each event arrives as it is written', async () => {
		const res = await get('/api/live', 'gzip, deflate, br');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('text/event-stream');
		expect(res.headers.get('content-encoding')).toBeNull();
		const reader = res.body!.getReader();
		server.live.heartbeat();
		const { value } = await reader.read();
		expect(new TextDecoder().decode(value)).toContain('event:');
		await reader.cancel();
	});

	it('sends photos as they are (they are compressed already)', async () => {
		const id = randomUUID();
		const jpeg = numberedJpeg(3);
		const put = await server.request(`/api/attachments/${id}`, {
			method: 'PUT',
			cookie: ahmed,
			headers: { 'content-type': 'image/jpeg' },
			body: jpeg
		});
		expect(put.status).toBe(200);
		const photo = await get(`/api/attachments/${id}`, 'br, gzip');
		expect(photo.status).toBe(200);
		expect(photo.headers.get('content-encoding')).toBeNull();
		expect(photo.headers.get('cache-control')).toBe('no-store');
		expect(new Uint8Array(await photo.arrayBuffer())).toEqual(jpeg);
	});
});
