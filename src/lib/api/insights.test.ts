import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillHistory } from '../../../server/testing/insights-fixtures.ts';
import { createTestServer, type TestServer } from '../../../server/testing/test-server.ts';
import { createInsightsClient, offlineMessage } from './insights.ts';

let server: TestServer;
let client: ReturnType<typeof createInsightsClient>;
beforeAll(async () => {
	server = createTestServer();
	fillHistory(server.db, { seed: 4, count: 600, years: 2 });
	const cookie = await server.login('admin');
	client = createInsightsClient({
		fetch: (input, init) => {
			const headers = new Headers(init?.headers);
			headers.set('cookie', cookie);
			return Promise.resolve(
				server.app.request(`http://localhost${String(input)}`, { ...init, headers })
			);
		}
	});
});
afterAll(() => server.close());

describe('the insights client reads what the server sends', () => {
	it('the figures', async () => {
		const result = await client.insights({ wardId: 'ward-belah' });
		expect(result.ok && result.value.heatMap.wards.map((w) => w.name)).toEqual(['Belah']);
	});

	it('the hot spots', async () => {
		const result = await client.hotspots({ from: '2025-06-01', to: '2026-03-02' });
		expect(result.ok && result.value.period.days).toBe(275);
	});

	it('a refused query comes back as the server’s sentence', async () => {
		const result = await client.insights({ from: '2026-03-05', to: '2026-03-01' });
		expect(result).toEqual({
			ok: false,
			kind: 'fatal',
			status: 400,
			message: 'The start date (2026-03-05) must be on or before the end date (2026-03-01).'
		});
	});
});

it('with no connection it says that Insights need one', async () => {
	const offline = createInsightsClient({
		fetch: () => Promise.reject(new TypeError('Failed to fetch'))
	});
	expect(await offline.hotspots({})).toEqual({
		ok: false,
		kind: 'offline',
		message: offlineMessage
	});
});
