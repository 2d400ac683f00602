// Both of GeoReport v2's formats against the stand-in CRM over real HTTP, and the odd shapes
// real CRMs send: unknown fields, attributes as array or object, empty descriptions, +00:00.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Open311TestDouble } from '../testing/open311-test-double.ts';
import { Open311Client, type NewServiceRequest } from './open311-client.ts';

const request = (over: Partial<NewServiceRequest> = {}): NewServiceRequest => ({
	reference: 'CR-2026-00001',
	serviceCode: 'HW-POT',
	description: 'Pothole',
	addressString: '1 High Street',
	lat: null,
	long: null,
	resident: null,
	...over
});

describe('XML-only CRM', () => {
	let double: Open311TestDouble;
	beforeEach(async () => {
		double = new Open311TestDouble({ serviceCodes: ['HW-POT'], profile: { formats: ['xml'] } });
		await double.start();
	});
	afterEach(() => double.stop());

	it('an XML answer to a POST is the created request, and jurisdiction_id goes on every call', async () => {
		const client = new Open311Client({ baseUrl: double.url, jurisdictionId: 'carlisle' });
		expect(await client.createRequest(request())).toEqual({
			ok: true,
			value: { serviceRequestId: '1000' }
		});
		expect(await client.findByReference('CR-2026-00001', new Date(0))).toEqual({
			ok: true,
			value: '1000'
		});
		expect(double.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
			'POST requests.xml',
			'GET requests.xml'
		]);
		expect(double.calls[0].form.get('jurisdiction_id')).toBe('carlisle');
		expect(double.calls[1].query.get('jurisdiction_id')).toBe('carlisle');
		// The specification's date format: no fractions of a second.
		expect(double.calls[1].query.get('start_date')).toBe('1970-01-01T00:00:00Z');
	});

	it("an XML error body keeps the CRM's reason", async () => {
		double.profile.requiredAttribute = 'hazard';
		const answer = await new Open311Client({ baseUrl: double.url }).createRequest(request());
		expect(answer).toEqual({
			ok: false,
			error: {
				kind: 'refused',
				status: 400,
				reason:
					"The council's system answered with an error (HTTP 400): attribute[hazard] is required",
				open311: 'attribute[hazard] is required'
			}
		});
	});

	it('the description is held to the CRM limit', async () => {
		const client = new Open311Client({ baseUrl: double.url, descriptionLimit: 40 });
		await client.createRequest(request({ description: 'x'.repeat(100) }));
		expect([...double.requests[0].description]).toHaveLength(40);
		expect(double.requests[0].description.startsWith('Wardline reference: CR-2026-00001')).toBe(
			true
		);
	});
});

describe('what real CRMs add', () => {
	let server: Server;
	let body = '';
	let type = 'text/xml';
	beforeEach(async () => {
		server = createServer((_req, res) => {
			res.writeHead(200, { 'content-type': type });
			res.end(body);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	});
	afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));
	const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

	it('XML: unknown fields, empty descriptions, attributes both ways; a malformed request skips only itself', async () => {
		body = `<?xml version="1.0"?><service_requests>
			<request><service_request_id>1</service_request_id><status>open</status><description/>
				<zone>North</zone><updated_datetime>2026-12-01T10:00:00+00:00</updated_datetime></request>
			<request><status>open</status></request>
			<request><service_request_id>3</service_request_id><status>closed</status>
				<attributes><attribute><code>wardline_reference</code><value>CR-9</value></attribute></attributes></request>
			<request><service_request_id>4</service_request_id><status>open</status>
				<attributes><wardline_reference>CR-8</wardline_reference></attributes></request>
		</service_requests>`;
		const skipped: string[] = [];
		const client = new Open311Client({ baseUrl: url(), onSkipped: (r) => skipped.push(r) });
		const answer = await client.requests({});
		expect(answer.ok).toBe(true);
		if (!answer.ok) return;
		expect(answer.value.map((r) => r.service_request_id)).toEqual(['1', '3', '4']);
		expect(answer.value[0].description).toBeNull();
		expect(answer.value[1].attributes).toEqual({ wardline_reference: 'CR-9' });
		expect(answer.value[2].attributes).toEqual({ wardline_reference: 'CR-8' });
		expect(skipped).toHaveLength(1);
	});

	it('JSON: attributes as an array, Z times, a number id', async () => {
		type = 'application/json';
		body = JSON.stringify([
			{ service_request_id: 7, status: 'open', attributes: [{ code: 'a', value: 'b' }], x: 1 },
			{ service_request_id: 8, status: 'open', updated_datetime: '2026-12-01T10:00:00Z' },
			{ service_request_id: null }
		]);
		const client = new Open311Client({ baseUrl: url(), format: 'json' });
		const answer = await client.requests({});
		expect(answer.ok && answer.value.map((r) => [r.service_request_id, r.attributes])).toEqual([
			['7', { a: 'b' }],
			['8', {}]
		]);
	});

	it('a real web page is still a web page', async () => {
		body = '<!doctype html><html><body>Sign in</body></html>';
		type = 'text/html';
		const answer = await new Open311Client({ baseUrl: url() }).services();
		expect(answer).toMatchObject({ ok: false, error: { kind: 'bad_answer' } });
	});
});
