import { XMLParser } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	createMutation,
	createPayload,
	createTestServer,
	type TestServer
} from '../testing/test-server.ts';

let server: TestServer;
let ahmed: string;
const planted = createPayload({
	description: 'Mary Smith (01228 496000) says the pothole outside 12 Warwick Road is deep',
	location: {
		address: '12 Warwick Road, Carlisle',
		postcode: 'CA1 1AA',
		lat: 54.891234,
		lng: -2.931234
	},
	resident: {
		name: 'Mary Smith',
		address: '7 Oak Street, Carlisle',
		phone: '01228 496000',
		email: 'mary.smith@example.com',
		preferredContact: 'email',
		consentToShare: true
	}
});
const secrets = [
	'Mary',
	'Smith',
	'496000',
	'mary.smith',
	'example.com',
	'Oak Street',
	'12 Warwick',
	'54.891234'
];

beforeEach(async () => {
	server = createTestServer();
	ahmed = await server.login('cllr.ahmed');
	await server.push(ahmed, [
		createMutation({ payload: planted }),
		createMutation({
			payload: createPayload({
				categoryId: 'cat-fly-tipping',
				description: 'Mattresses dumped in the back lane',
				location: { address: 'Flat 2, 30 Scotch Street', postcode: 'CA3 8PY' }
			})
		})
	]);
});
afterEach(() => server.close());

const get = async (path: string) => {
	const res = await server.request(`/open311/v2/${path}`);
	return { status: res.status, text: await res.text(), headers: res.headers };
};
const ids = async (query: string) =>
	(JSON.parse((await get(`requests.json?${query}`)).text) as { service_request_id: string }[]).map(
		(r) => r.service_request_id
	);

describe('/open311/v2 (public, anonymised)', () => {
	it('lists requests with no resident name, phone, email, address or house number', async () => {
		const { status, text, headers } = await get('requests.json');
		expect(status).toBe(200);
		expect(headers.get('access-control-allow-origin')).toBe('*');
		for (const secret of secrets) expect(text).not.toContain(secret);
		const [, pothole] = JSON.parse(text);
		expect(pothole).toEqual({
			service_request_id: 'CR-2026-00001',
			status: 'open',
			status_notes: 'With the service team',
			service_name: 'Pothole',
			service_code: 'HW-POT',
			// No free text by default.
			description: null,
			agency_responsible: 'Highways',
			requested_datetime: '2026-03-02T09:00:00.000Z',
			updated_datetime: '2026-03-02T09:00:00.000Z',
			expected_datetime: '2026-03-16T09:00:00.000Z',
			address: 'Warwick Road, CA1',
			zipcode: 'CA1',
			lat: 54.891,
			long: -2.931,
			media_url: null
		});
	});

	it('one request by its Wardline reference, anonymised the same way; 404 in Open311 form', async () => {
		const one = await get('requests/CR-2026-00002.json');
		expect(JSON.parse(one.text)).toEqual([
			expect.objectContaining({
				service_request_id: 'CR-2026-00002',
				address: 'Scotch Street, CA3'
			})
		]);
		const first = await get('requests/CR-2026-00001.json');
		for (const secret of secrets) expect(first.text).not.toContain(secret);
		const missing = await get('requests/CR-2026-09999.json');
		expect(missing.status).toBe(404);
		expect(JSON.parse(missing.text)).toEqual([
			{ code: 404, description: 'There is no request CR-2026-09999' }
		]);
	});

	it('filters by status, service code, dates and ids', async () => {
		expect(await ids('status=open')).toEqual(['CR-2026-00002', 'CR-2026-00001']);
		expect(await ids('status=closed')).toEqual([]);
		expect(await ids('service_code=WR-FLY')).toEqual(['CR-2026-00002']);
		expect(await ids('service_request_id=CR-2026-00001')).toEqual(['CR-2026-00001']);
		expect(await ids('start_date=2026-03-03T00:00:00Z')).toEqual([]);
		expect(await ids('start_date=2026-03-01T00:00:00Z&end_date=2026-03-02T10:00:00Z')).toHaveLength(
			2
		);
		const officer = await server.login('officer.highways');
		const referrals = (await (await server.pull(ahmed)).json()) as {
			referrals: { id: string; reference: string }[];
		};
		const pothole = referrals.referrals.find((r) => r.reference === 'CR-2026-00001');
		await server.request(`/api/referrals/${pothole?.id}/responses`, {
			method: 'POST',
			cookie: officer,
			json: { text: 'Filled' }
		});
		expect(await ids('status=closed')).toEqual(['CR-2026-00001']);
	});

	it('answers bad filters with an Open311 error', async () => {
		const res = await get('requests.json?status=lost');
		expect(res.status).toBe(400);
		expect(JSON.parse(res.text)).toEqual([
			{ code: 400, description: expect.stringContaining('status') }
		]);
		expect((await get('requests.json?start_date=yesterday')).status).toBe(400);
		expect((await get('requests/CR-2026-00001.txt')).status).toBe(400);
	});

	it('publishes the categories as services and says where the endpoint is', async () => {
		const services = JSON.parse((await get('services.json')).text) as unknown[];
		// The demo's 20 categories but damp and anti-social behaviour, which are never public.
		expect(services).toHaveLength(18);
		expect(services).toContainEqual(
			expect.objectContaining({
				service_code: 'HW-POT',
				service_name: 'Pothole',
				group: 'Highways'
			})
		);
		const discovery = JSON.parse((await get('discovery.json')).text);
		expect(discovery.endpoints[0]).toMatchObject({
			url: 'http://localhost/open311/v2/',
			specification: 'http://wiki.open311.org/GeoReport_v2',
			formats: ['application/json', 'text/xml']
		});
	});
});

describe('/open311/v2 privacy and the specification', () => {
	async function setFeed(settings: {
		enabled?: boolean;
		publishDescriptions?: boolean;
		neverPublicCategoryIds?: string[];
	}) {
		const admin = await server.login('admin');
		return server.request('/api/admin/crm/feed', {
			cookie: admin,
			method: 'PUT',
			json: {
				enabled: true,
				publishDescriptions: false,
				neverPublicCategoryIds: [],
				...settings
			}
		});
	}

	it("a description only with the admins' switch on and the resident's consent, and then redacted", async () => {
		expect((await setFeed({ publishDescriptions: true })).status).toBe(200);
		const list = JSON.parse((await get('requests.json')).text) as {
			service_request_id: string;
			description: string | null;
		}[];
		const byId = new Map(list.map((r) => [r.service_request_id, r.description]));
		expect(byId.get('CR-2026-00001')).toBe(
			'[removed] [removed] ([removed]) says the pothole outside [removed] Warwick Road is deep'
		);
		// The second referral's resident did not consent (the payload's default).
		const consent = server.sqlite
			.prepare(
				"select resident_consent_to_share as c from referrals where reference = 'CR-2026-00002'"
			)
			.get() as { c: number };
		expect(byId.get('CR-2026-00002')).toBe(consent.c ? 'Mattresses dumped in the back lane' : null);
		server.sqlite.prepare('update referrals set resident_consent_to_share = 0').run();
		expect((await get('requests.json')).text).not.toContain('pothole outside');
	});

	it('speaks XML as well as JSON, on every route, services/{code} included', async () => {
		const requests = await get('requests.xml');
		expect(requests.headers.get('content-type')).toContain('text/xml');
		const parsed = new XMLParser({ isArray: (name) => name === 'request' }).parse(requests.text);
		expect(
			parsed.service_requests.request.map(
				(r: { service_request_id: string }) => r.service_request_id
			)
		).toEqual(['CR-2026-00002', 'CR-2026-00001']);
		for (const secret of secrets) expect(requests.text).not.toContain(secret);
		expect((await get('requests/CR-2026-00001.xml')).text).toContain(
			'<service_request_id>CR-2026-00001</service_request_id>'
		);
		expect((await get('services.xml')).text).toContain('<service_code>HW-POT</service_code>');
		expect(JSON.parse((await get('services/HW-POT.json')).text)).toEqual({
			service_code: 'HW-POT',
			attributes: []
		});
		expect((await get('services/HW-POT.xml')).text).toContain('<service_definition>');
		const missing = await get('services/NOPE.xml');
		expect(missing.status).toBe(404);
		expect(missing.text).toContain('<errors><error><code>404</code>');
	});

	it('service_request_id comes before every other filter', async () => {
		expect(await ids('service_request_id=CR-2026-00001&status=closed&service_code=WR-FLY')).toEqual(
			['CR-2026-00001']
		);
	});

	it("the demo council's damp and anti-social categories are never public from the start", async () => {
		const admin = await server.login('admin');
		const feed = await (await server.request('/api/admin/crm/feed', { cookie: admin })).json();
		expect([...feed.neverPublicCategoryIds].sort()).toEqual([
			'cat-anti-social-behaviour',
			'cat-damp-and-mould'
		]);
		const services = (await get('services.json')).text;
		expect(services).not.toContain('HO-DMP');
		expect(services).not.toContain('AS-ASB');
	});

	it('a never-public category is not in the feed at all; the feed can be turned off', async () => {
		const bad = await setFeed({ neverPublicCategoryIds: ['cat-nope'] });
		expect(bad.status).toBe(400);
		expect((await setFeed({ neverPublicCategoryIds: ['cat-fly-tipping'] })).status).toBe(200);
		expect(await ids('')).toEqual(['CR-2026-00001']);
		expect(await ids('service_request_id=CR-2026-00002')).toEqual([]);
		expect((await get('requests/CR-2026-00002.json')).status).toBe(404);
		expect((await get('services.json')).text).not.toContain('WR-FLY');
		expect((await get('services/WR-FLY.json')).status).toBe(404);

		expect((await setFeed({ enabled: false })).status).toBe(200);
		expect((await get('requests.json')).status).toBe(404);
		expect((await get('services.xml')).status).toBe(404);
	});
});
