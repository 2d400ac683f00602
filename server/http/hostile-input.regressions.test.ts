// Requests the hostile-input property test (and probes it led to) once turned into a 5xx, a
// hung request or an out-of-memory crash of the whole server; each now has a plain 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '#domain/sync-protocol';
import { seedDemoHistory } from '../demo/demo-history.ts';
import { createTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let member: string;
beforeAll(async () => {
	server = createTestServer();
	// The hang needed referrals to count: two years of made-up ones.
	seedDemoHistory(server.db, server.clock.read(), ['user-cllr-ahmed', 'user-cllr-brown']);
	member = await server.login('cllr.ahmed');
});
afterAll(() => server.close());

describe('dates at the edges of the calendar', () => {
	it.each([
		// Year 9999: the period's working-day arithmetic ran into 5-digit years and never ended.
		'/api/insights?to=9999-12-31',
		// Year 0: out of memory, killing the process for everyone.
		'/api/insights?from=0000-01-01&to=0000-03-01',
		// Years 1-99: Date.UTC reads them as 1901-1999, and the bank-holiday table threw (500).
		'/api/insights?from=0099-01-01&to=0099-03-01',
		'/api/insights/hotspots?from=0001-01-01&to=0001-03-01',
		'/api/exports/referrals.csv?from=0050-01-01&to=0050-01-31'
	])('%s is refused with 400', async (path) => {
		const res = await server.request(path, { cookie: member });
		expect(res.status).toBe(400);
		expect(ErrorBody.parse(await res.json()).message).toContain('between 1900 and 2999');
	});

	it('still answers for a period well in the past or future', async () => {
		for (const path of [
			'/api/insights?from=1900-01-01&to=1900-03-01',
			'/api/insights?to=2999-12-31'
		])
			expect((await server.request(path, { cookie: member })).status, path).toBe(200);
	});

	it.each([
		// "90 days before" the earliest date JavaScript holds is no date: toISOString threw (500).
		'/open311/v2/requests.json?end_date=-271821-04-20T00:00:00Z',
		'/open311/v2/requests.json?end_date=-271821-06-01T00:00:00Z&status=open'
	])('%s is refused in Open311 form', async (path) => {
		const res = await server.request(path);
		expect(res.status).toBe(400);
		expect(await res.json()).toEqual([{ code: 400, description: expect.any(String) }]);
	});
});
