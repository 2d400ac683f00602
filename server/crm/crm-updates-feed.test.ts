import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findReferral } from '../referrals/store.ts';
import { createCrmKit, type CrmKit } from '../testing/crm-test-kit.ts';
import { profiles } from '../testing/open311-test-double.ts';
import type { CrmWorker } from './crm-worker.ts';

let kit: CrmKit;
let worker: CrmWorker;
let referralId: string;
beforeEach(async () => {
	// Most open311-adapter back ends: updates served, GET requests not (500).
	kit = await createCrmKit({ profile: profiles.noRequestsList });
	[referralId] = await kit.capture(1);
	worker = kit.worker();
	await worker.tick();
});
afterEach(() => kit.close());

const overAMinute = 61_000;
const crmEntries = () =>
	(
		kit.server.sqlite
			.prepare(
				"select text from timeline_entries where referral_id = ? and kind = 'crm' order by at, rowid"
			)
			.all(referralId) as { text: string }[]
	).map((e) => e.text);
const status = () => findReferral(kit.server.db, referralId)?.status;

describe('servicerequestupdates', () => {
	it('status comes back through servicerequestupdates where GET requests has no handler, each update once', async () => {
		kit.double.setStatus('1000', 'action scheduled', 'Crew booked');
		kit.server.clock.advance(overAMinute);
		expect((await worker.tick()).updates).toBe(1);
		expect(status()).toBe('in_progress');
		// The next poll's window overlaps the last: the same update_id is not applied again.
		kit.server.clock.advance(overAMinute);
		expect((await worker.tick()).updates).toBe(0);
		expect(crmEntries().filter((t) => t.startsWith('Request 1000 is'))).toEqual([
			'Request 1000 is action scheduled: Crew booked'
		]);
		const asked = kit.double.calls.filter((c) => c.path.startsWith('servicerequestupdates'));
		expect(asked.length).toBeGreaterThanOrEqual(2);
		expect([...asked[0].query.keys()].sort()).toEqual(['end_date', 'start_date']);
	});

	it('one malformed record is skipped, the others are applied', async () => {
		kit.double.updates.push({
			update_id: 'broken',
			service_request_id: '1000',
			status: 'closed',
			external_status_code: null,
			description: null,
			updated_datetime: 'yesterday'
		});
		kit.double.setStatus('1000', 'not councils responsibility', 'Passed to the county');
		kit.server.clock.advance(overAMinute);
		expect((await worker.tick()).updates).toBe(1);
		expect(status()).toBe('responded');
	});

	it('an unknown status is kept as text, moves nothing, and is listed for the admin to map', async () => {
		kit.double.setStatus('1000', 'Awaiting Contractor', 'With Smiths Ltd');
		kit.server.clock.advance(overAMinute);
		expect((await worker.tick()).updates).toBe(1);
		expect(status()).toBe('routed');
		expect(crmEntries().at(-1)).toBe('Request 1000 is awaiting contractor: With Smiths Ltd');

		const admin = await kit.server.login('admin');
		const list = await (
			await kit.server.request('/api/admin/crm/status-map', { cookie: admin })
		).json();
		expect(list.rows[0]).toMatchObject({
			crmStatus: 'awaiting_contractor',
			action: 'none',
			mapped: false
		});
		expect(list.rows.find((r: { crmStatus: string }) => r.crmStatus === 'fixed')).toMatchObject({
			action: 'responded',
			mapped: true
		});

		const bad = await kit.server.request('/api/admin/crm/status-map', {
			cookie: admin,
			method: 'PUT',
			json: { crmStatus: 'Awaiting Contractor', action: 'done' }
		});
		expect(bad.status).toBe(400);
		const put = await kit.server.request('/api/admin/crm/status-map', {
			cookie: admin,
			method: 'PUT',
			json: { crmStatus: 'Awaiting Contractor', action: 'in_progress' }
		});
		expect(put.status).toBe(200);
		kit.double.setStatus('1000', 'Awaiting Contractor', 'Booked for Monday');
		kit.server.clock.advance(overAMinute);
		await worker.tick();
		expect(status()).toBe('in_progress');
	});

	it('an external_status_code mapped by the admin wins over the status text', async () => {
		const admin = await kit.server.login('admin');
		await kit.server.request('/api/admin/crm/status-map', {
			cookie: admin,
			method: 'PUT',
			json: { crmStatus: 'code:NFA-12', action: 'responded' }
		});
		kit.double.setStatus('1000', 'open', 'No further action needed', 'NFA-12');
		kit.server.clock.advance(overAMinute);
		await worker.tick();
		expect(status()).toBe('responded');
	});
});
