import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fillHistory } from '../testing/insights-fixtures.ts';
import {
	createMutation,
	createPayload,
	createTestServer,
	type TestServer
} from '../testing/test-server.ts';

let server: TestServer;
let admin: string;
beforeEach(async () => {
	server = createTestServer();
	admin = await server.login('admin');
});
afterEach(() => server.close());

const get = async (path: string, cookie = admin) => {
	const res = await server.request(path, { cookie });
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('who may ask', () => {
	it.each(['/api/insights', '/api/insights/hotspots', '/api/exports/referrals.csv'])(
		'%s answers 401 without a session',
		async (path) => {
			const res = await server.request(path);
			expect(res.status).toBe(401);
			expect(await res.json()).toEqual({ error: 'no_session', message: 'Sign in to continue.' });
		}
	);

	it.each(['cllr.ahmed', 'support.jones', 'officer.highways', 'admin'])(
		'%s may read insights and hot spots',
		async (username) => {
			const cookie = await server.login(username);
			expect((await get('/api/insights', cookie)).status).toBe(200);
			expect((await get('/api/insights/hotspots', cookie)).status).toBe(200);
		}
	);
});

describe('query checks', () => {
	it.each([
		['/api/insights?from=2026-13-01', 'from: Use a date written like 2026-03-02'],
		['/api/insights?to=yesterday', 'to: Use a date written like 2026-03-02'],
		['/api/insights?from=2026-02-30', 'from: Use a date written like 2026-03-02'],
		[
			'/api/insights?from=2026-03-10&to=2026-03-01',
			'The start date (2026-03-10) must be on or before the end date (2026-03-01).'
		],
		[
			'/api/insights?ward=ward-belah',
			'Unknown parameter "ward". Use only from, to, wardId, categoryId.'
		],
		['/api/insights/hotspots?wardId=ward-belah', 'Unknown parameter "wardId". Use only from, to.'],
		[
			'/api/insights?wardId=ward-atlantis',
			'There is no ward "ward-atlantis". Choose one from the list.'
		],
		['/api/insights?categoryId=', 'categoryId: Leave it out rather than empty'],
		[
			'/api/exports/referrals.csv?from=2026-03-10&to=2026-03-01',
			'The start date (2026-03-10) must be on or before the end date (2026-03-01).'
		],
		[
			'/api/exports/referrals.csv?format=xlsx',
			'Unknown parameter "format". Use only from, to, wardId, categoryId.'
		],
		['/api/insights?from=1990-01-01&to=2026-01-01', 'Choose a period of at most 20 years.']
	])('%s is refused with 400: %s', async (path, message) => {
		const { status, body } = await get(path);
		expect(status).toBe(400);
		expect(body).toEqual({ error: 'bad_request', message });
	});

	it('the period defaults to the last 90 days, today included', async () => {
		const { body } = await get('/api/insights');
		expect(body.period).toEqual({ from: '2025-12-03', to: '2026-03-02', days: 90 });
		const hotspots = await get('/api/insights/hotspots');
		expect(hotspots.body.period).toMatchObject({ from: '2025-12-03', to: '2026-03-02', days: 90 });
	});
});

interface Figures {
	received: number;
	answered: number;
	medianDays: number | null;
	answeredWithinTarget: number;
	open: number;
	ratingCount: number;
}
interface Report {
	total: number;
	heatMap: { cells: { wardId: string; categoryId: string; count: number }[]; wards: unknown[] };
	trend: { weekly: { count: number }[]; monthly: { count: number }[] };
	performance: { units: ({ id: string } & Figures)[]; council: Figures };
	members: { scope: string; mine: ({ id: string } & Figures) | null; perMember: { id: string }[] };
}

describe('the figures', () => {
	beforeEach(() => fillHistory(server.db, { seed: 3, count: 800, years: 1 }));

	it('heat map, trend and totals agree, and filters narrow all of them', async () => {
		const all = (await get('/api/insights')).body as unknown as Report;
		const cellSum = all.heatMap.cells.reduce((sum, c) => sum + c.count, 0);
		expect(all.total).toBeGreaterThan(100);
		expect(cellSum).toBe(all.total);
		expect(all.trend.weekly.reduce((s, p) => s + p.count, 0)).toBe(all.total);
		expect(all.trend.monthly.reduce((s, p) => s + p.count, 0)).toBe(all.total);

		const belah = (await get('/api/insights?wardId=ward-belah')).body as unknown as Report;
		const belahCells = all.heatMap.cells.filter((c) => c.wardId === 'ward-belah');
		expect(belah.total).toBe(belahCells.reduce((s, c) => s + c.count, 0));
		expect(belah.heatMap.wards).toHaveLength(1);
		expect(belah.heatMap.cells.every((c) => c.wardId === 'ward-belah')).toBe(true);
		expect(belah.performance.council.received).toBe(belah.total);
	});

	it('a Member sees their own figures beside the council’s, and no other Member’s', async () => {
		const ahmed = await server.login('cllr.ahmed');
		const report = (await get('/api/insights', ahmed)).body as unknown as Report;
		expect(report.members.scope).toBe('own');
		expect(report.members.mine?.id).toBe('user-cllr-ahmed');
		expect(report.members.mine?.received).toBeGreaterThan(0);
		expect(report.members.mine?.received).toBeLessThan(report.total);
		expect(report.members.perMember).toEqual([]);
	});

	it('an admin sees every Member; an officer sees only the council’s figures', async () => {
		const forAdmin = (await get('/api/insights')).body as unknown as Report;
		expect(forAdmin.members.scope).toBe('all');
		expect(forAdmin.members.perMember.map((m) => m.id)).toEqual([
			'user-cllr-ahmed',
			'user-cllr-brown'
		]);
		const officer = await server.login('officer.highways');
		const forOfficer = (await get('/api/insights', officer)).body as unknown as Report;
		expect(forOfficer.members).toMatchObject({ scope: 'council', mine: null, perMember: [] });
	});
});

describe('service performance', () => {
	it('counts working days to the first response and the share within the unit’s target', async () => {
		const ahmed = await server.login('cllr.ahmed');
		const first = createMutation();
		const second = createMutation({
			payload: createPayload({ location: { address: '3 Lowther Street', postcode: 'CA3 8DA' } })
		});
		await server.push(ahmed, [first, second]);
		// Received Monday 2 March 2026; answered the Friday after next: 9 working days (target 10).
		server.clock.advance(11 * 86_400_000);
		// Sessions end after 12 idle hours: sign in again on the later days.
		const officer = await server.login('officer.highways');
		const answered = await server.request(`/api/referrals/${first.referralId}/responses`, {
			method: 'POST',
			cookie: officer,
			json: { text: 'Repaired today.' }
		});
		expect(answered.status).toBe(200);
		// A later second response must not change "first response".
		server.clock.advance(7 * 86_400_000);
		const again = await server.request(`/api/referrals/${first.referralId}/responses`, {
			method: 'POST',
			cookie: await server.login('officer.highways'),
			json: { text: 'Inspected again.' }
		});
		expect(again.status).toBe(200);
		const later = await server.login('admin');
		const report = (await get('/api/insights?from=2026-03-01', later)).body as unknown as Report;
		const highways = report.performance.units.find((u) => u.id === 'unit-highways');
		expect(highways).toMatchObject({
			received: 2,
			answered: 1,
			medianDays: 9,
			answeredWithinTarget: 1,
			open: 1,
			overdue: 1
		});
	});
});
