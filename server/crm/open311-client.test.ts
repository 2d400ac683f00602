import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Open311Client, referenceLine, type NewServiceRequest } from './open311-client.ts';
import { Open311TestDouble } from '../testing/open311-test-double.ts';

let double: Open311TestDouble;
let client: Open311Client;
beforeEach(async () => {
	double = new Open311TestDouble({ serviceCodes: ['HW-POT'], apiKey: 'key-1' });
	await double.start();
	client = new Open311Client({ baseUrl: double.url, apiKey: 'key-1', timeoutMs: 500 });
});
afterEach(() => double.stop());

const request = (overrides: Partial<NewServiceRequest> = {}): NewServiceRequest => ({
	reference: 'CR-2026-00001',
	serviceCode: 'HW-POT',
	description: 'Deep pothole outside the school gates',
	addressString: '12 Warwick Road, Carlisle, CA1 1AA',
	lat: 54.89,
	long: -2.93,
	resident: null,
	...overrides
});

describe('creating a request', () => {
	it('sends the reference in the first line and as an attribute, and returns the id', async () => {
		const answer = await client.createRequest(request());
		expect(answer).toEqual({ ok: true, value: { serviceRequestId: '1000' } });
		expect(double.requests[0]).toMatchObject({
			service_code: 'HW-POT',
			description: `${referenceLine('CR-2026-00001')}\nDeep pothole outside the school gates`,
			attributes: { wardline_reference: 'CR-2026-00001' },
			lat: 54.89,
			long: -2.93,
			api_key: 'key-1',
			first_name: null,
			email: null,
			phone: null
		});
	});

	it('sends the resident only when given (consent), split into first and last name', async () => {
		const resident = {
			firstName: 'Mary Ann',
			lastName: 'Smith',
			email: 'm@example.com',
			phone: null
		};
		await client.createRequest(request({ resident }));
		expect(double.requests[0]).toMatchObject({
			first_name: 'Mary Ann',
			last_name: 'Smith',
			email: 'm@example.com',
			phone: null
		});
	});

	it('returns the token of an asynchronous creation, then the id once it is made', async () => {
		double.asyncCreation = true;
		double.tokenLookupsBeforeMade = 2;
		const answer = await client.createRequest(request());
		expect(answer).toEqual({ ok: true, value: { token: 'token-1000' } });
		expect(await client.tokenStatus('token-1000')).toEqual({ ok: true, value: null });
		expect(await client.tokenStatus('token-1000')).toEqual({ ok: true, value: '1000' });
	});
});

describe('answers that are not data', () => {
	it('an error page is an HTTP 500 error a person can read', async () => {
		double.fault = 'html500';
		expect(await client.createRequest(request())).toEqual({
			ok: false,
			error: {
				kind: 'server_error',
				status: 500,
				reason: "The council's system answered with an error page (HTTP 500) instead of data"
			}
		});
	});

	it('a web page with HTTP 200 (e.g. a sign-in page) is a bad answer', async () => {
		double.fault = 'htmlPage';
		const answer = await client.services();
		expect(answer).toMatchObject({
			ok: false,
			error: {
				kind: 'bad_answer',
				reason: "The council's system answered with a web page instead of data"
			}
		});
	});

	it('JSON of the wrong shape says so, and where', async () => {
		double.fault = 'wrongJson';
		const answer = await client.createRequest(request());
		expect(answer.ok).toBe(false);
		if (answer.ok) return;
		expect(answer.error.kind).toBe('bad_answer');
		expect(answer.error.reason).toMatch(
			/^The council's system answered with data Wardline does not understand \(/
		);
	});

	it("an unknown service code is refused with the CRM's own words", async () => {
		expect(await client.createRequest(request({ serviceCode: 'NOPE' }))).toEqual({
			ok: false,
			error: {
				kind: 'refused',
				status: 400,
				reason:
					"The council's system answered with an error (HTTP 400): Service code NOPE was not found",
				open311: 'Service code NOPE was not found'
			}
		});
	});

	it('a wrong key is refused with 403', async () => {
		const wrongKey = new Open311Client({ baseUrl: double.url, apiKey: 'other' });
		const answer = await wrongKey.createRequest(request());
		expect(answer).toMatchObject({ ok: false, error: { kind: 'refused', status: 403 } });
		expect(double.requests).toHaveLength(0);
	});
});

describe('no answer', () => {
	it('a stopped CRM is unreachable (connection refused); started again it answers on the same port', async () => {
		const url = double.url;
		await double.stop();
		expect(await client.services()).toEqual({
			ok: false,
			error: {
				kind: 'unreachable',
				status: null,
				reason: "Could not reach the council's system (connection refused)",
				// Refused before any connection: certainly not arrived, so not uncertain.
				notSent: true
			}
		});
		await double.start();
		expect(double.url).toBe(url);
		expect((await client.services()).ok).toBe(true);
	});

	it('a slow CRM times out', async () => {
		double.delayMs = 1500;
		expect(await client.services()).toMatchObject({
			ok: false,
			error: { kind: 'unreachable', reason: "The council's system did not answer within 1 second" }
		});
	});

	it('a request taken and then hung up on is unreachable, and can be found by its reference', async () => {
		double.faultOnce('acceptThenDrop');
		const answer = await client.createRequest(request());
		expect(answer).toMatchObject({ ok: false, error: { kind: 'unreachable' } });
		expect(double.requests).toHaveLength(1);
		expect(await client.findByReference('CR-2026-00001', new Date(0))).toEqual({
			ok: true,
			value: '1000'
		});
	});
});

describe('finding a request by reference', () => {
	it('matches the whole reference line only, even where the CRM ignores the search parameter', async () => {
		await client.createRequest(request({ reference: 'CR-2026-100000' }));
		double.searchesByReference = false;
		expect(await client.findByReference('CR-2026-10000', new Date(0))).toEqual({
			ok: true,
			value: null
		});
		expect(await client.findByReference('CR-2026-100000', new Date(0))).toEqual({
			ok: true,
			value: '1000'
		});
	});
});
