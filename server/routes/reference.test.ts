import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReferenceData } from '#domain/sync-protocol';
import { createTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
beforeEach(() => {
	server = createTestServer();
});
afterEach(() => server.close());

describe('health and reference data', () => {
	it('health needs no session and reports the time', async () => {
		const res = await server.request('/api/health');
		expect(await res.json()).toEqual({
			ok: true,
			time: '2026-03-02T09:00:00.000Z',
			diskFull: false
		});
	});

	it('reference data lists wards, categories and the 10 Business Units, sorted by name', async () => {
		const cookie = await server.login('support.jones');
		const data = ReferenceData.parse(
			await (await server.request('/api/reference', { cookie })).json()
		);
		expect(data.wards).toHaveLength(12);
		expect(data.units.map((u) => u.name)).toEqual([
			'Anti-social Behaviour',
			'Drainage',
			'Environmental Health',
			'Highways',
			'Housing',
			'Licensing',
			'Other',
			'Parks',
			'Planning',
			'Waste and Recycling'
		]);
		expect(data.categories.find((c) => c.id === 'cat-pothole')).toEqual({
			id: 'cat-pothole',
			name: 'Pothole',
			unitId: 'unit-highways',
			active: true,
			urgentLine: null
		});
		const names = data.wards.map((w) => w.name);
		expect(names).toEqual([...names].sort());
		const unitIds = new Set(data.units.map((u) => u.id));
		expect(data.categories.every((c) => unitIds.has(c.unitId))).toBe(true);
	});

	it('reference data needs a session', async () => {
		expect((await server.request('/api/reference')).status).toBe(401);
	});
});
