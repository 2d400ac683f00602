import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createMutation,
	createPayload,
	createTestServer,
	type TestServer
} from '../testing/test-server.ts';
import { daysBefore, fillHistory, testNow } from '../testing/insights-fixtures.ts';

// Distinctive values a leak would carry into the output, wherever they were typed.
const resident = {
	name: 'Zebedee Quux',
	phone: '07700 900123',
	email: 'zebedee.quux@example.com',
	address: 'Flat 9, 221B Baker Street, Carlisle'
};
const secrets = [
	'Zebedee',
	'Quux',
	'07700 900123',
	'07700900123',
	'zebedee.quux',
	'221B',
	'Flat 9'
];

let server: TestServer;
let admin: string;
let member: string;
beforeAll(async () => {
	server = createTestServer();
	// Background history, and a cluster at 221B Baker Street with nothing there before: a hot
	// spot, so its referrals are listed in the hot-spot report and the evidence pack.
	fillHistory(server.db, {
		seed: 9,
		count: 2000,
		years: 2,
		plants: [
			{
				wardId: 'ward-castle',
				categoryId: 'cat-blocked-drain',
				count: 9,
				from: daysBefore(60, testNow),
				to: daysBefore(1, testNow),
				address: '221B Baker Street, Carlisle',
				postcode: 'CA3 9ZZ',
				resident,
				description: 'Zebedee Quux (07700 900123) says the drain outside 221B is blocked'
			}
		]
	});
	member = await server.login('cllr.ahmed');
	const pushed = await server.push(member, [
		createMutation({
			payload: createPayload({
				wardId: 'ward-castle',
				categoryId: 'cat-blocked-drain',
				description: 'Zebedee Quux says the drain at 221B Baker Street overflows',
				location: { address: '221B Baker Street, Carlisle', postcode: 'CA3 9ZZ' },
				resident: { ...resident, preferredContact: 'email', consentToShare: true }
			})
		})
	]);
	expect(pushed.status).toBe(200);
	admin = await server.login('admin');
});
afterAll(() => server.close());

// Each output, and something it must show, so that an empty answer cannot pass.
const outputs = [
	['/open311/v2/requests.json', 'Baker Street, CA3'],
	['/open311/v2/requests.json?service_code=DR-BLK&status=open', 'Baker Street, CA3'],
	['/api/insights', 'Blocked drain'],
	['/api/insights?wardId=ward-castle&categoryId=cat-blocked-drain', 'Castle'],
	['/api/insights?from=2024-03-01', 'Cllr Samira Ahmed'],
	['/api/insights/hotspots', 'Baker Street'],
	['/api/insights/hotspots?from=2025-12-01&to=2026-03-02', 'Baker Street'],
	['/api/exports/referrals.csv', 'Baker Street'],
	['/api/exports/referrals.csv?from=2024-03-01&wardId=ward-castle', 'Baker Street']
];

describe('no resident detail or house number leaves through the feed, insights or exports', () => {
	it.each(outputs)('%s (as admin and as a Member)', async (path, shown) => {
		for (const cookie of [admin, member]) {
			const res = await server.request(path, { cookie });
			expect(res.status).toBe(200);
			const text = await res.text();
			expect(text).toContain(shown);
			for (const secret of secrets) expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
		}
	});

	it('the Baker Street cluster is a hot spot whose evidence list is anonymised', async () => {
		const res = await server.request('/api/insights/hotspots', { cookie: admin });
		const body = (await res.json()) as {
			hotspots: { street: string | null; referrals: Record<string, unknown>[] }[];
		};
		const bakerStreet = body.hotspots.find((h) => h.street === 'Baker Street');
		expect(bakerStreet?.referrals).toHaveLength(10);
		expect(Object.keys(bakerStreet?.referrals[0] ?? {}).sort()).toEqual([
			'category',
			'channel',
			'dueOn',
			'firstResponseOn',
			'postcodeDistrict',
			'receivedOn',
			'reference',
			'status',
			'street',
			'unit',
			'urgency',
			'ward',
			'withinTarget',
			'workingDaysToResponse'
		]);
	});
});
