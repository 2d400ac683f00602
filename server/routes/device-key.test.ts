import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
beforeEach(() => {
	server = createTestServer();
});
afterEach(() => server.close());

const deviceA = '0195a3c2-7b1e-7c3d-9f00-000000000001';
const deviceB = '0195a3c2-7b1e-7c3d-9f00-000000000002';

async function secretFor(cookie: string, deviceId: string): Promise<string> {
	const res = await server.request(`/api/device-key?deviceId=${deviceId}`, { cookie });
	expect(res.status).toBe(200);
	expect(res.headers.get('cache-control')).toBe('no-store');
	const body = (await res.json()) as { deviceId: string; secret: string };
	expect(body.deviceId).toBe(deviceId);
	return body.secret;
}

describe('GET /api/device-key', () => {
	it('makes a 32-byte secret on the first call and gives the same one after', async () => {
		const cookie = await server.login('cllr.ahmed');
		const first = await secretFor(cookie, deviceA);
		expect(Buffer.from(first, 'base64')).toHaveLength(32);
		expect(await secretFor(cookie, deviceA)).toBe(first);
		// ...also in a new session: that is what lets a fresh sign-in recover the tablet.
		expect(await secretFor(await server.login('cllr.ahmed'), deviceA)).toBe(first);
	});

	it('keeps one secret per user and tablet', async () => {
		const ahmed = await server.login('cllr.ahmed');
		const brown = await server.login('cllr.brown');
		const secrets = new Set([
			await secretFor(ahmed, deviceA),
			await secretFor(ahmed, deviceB),
			await secretFor(brown, deviceA)
		]);
		expect(secrets.size).toBe(3);
	});

	it('needs a session and a device id', async () => {
		expect((await server.request(`/api/device-key?deviceId=${deviceA}`)).status).toBe(401);
		const cookie = await server.login('cllr.ahmed');
		expect((await server.request('/api/device-key', { cookie })).status).toBe(400);
		expect((await server.request('/api/device-key?deviceId=x', { cookie })).status).toBe(400);
	});
});
