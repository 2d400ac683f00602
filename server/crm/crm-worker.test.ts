import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PullResponse } from '#domain/sync-protocol';
import { createCrmKit, type CrmKit } from '../testing/crm-test-kit.ts';
import { fullJitterMs } from './crm-worker.ts';

let kit: CrmKit;
beforeEach(async () => {
	kit = await createCrmKit();
});
afterEach(() => kit.close());

const minutes = (n: number) => n * 60_000;
const arrived = () => kit.double.requests.map((r) => r.attributes.wardline_reference);
const posts = () => kit.double.calls.filter((c) => c.method === 'POST').length;

async function crmStatus() {
	const cookie = await kit.server.login('cllr.ahmed');
	return (await kit.server.request('/api/crm/status', { cookie })).json();
}

async function pullCrmStates() {
	const cookie = await kit.server.login('cllr.ahmed');
	const page = PullResponse.parse(await (await kit.server.pull(cookie)).json());
	return page.referrals.map((r) => r.crm?.state);
}

describe('the CRM down for hundreds of referrals, then back', () => {
	it('logs each of 300 referrals exactly once, in order of arrival, none lost', async () => {
		await kit.double.stop();
		const worker = kit.worker();
		await kit.capture(150);
		expect(await worker.tick()).toMatchObject({ down: true, delivered: 0 });
		await kit.capture(150);
		for (let round = 0; round < 5; round++) {
			kit.server.clock.advance(minutes(5));
			expect((await worker.tick()).down).toBe(true);
		}
		expect(await crmStatus()).toMatchObject({
			state: 'down',
			queued: 300,
			downSince: '2026-03-02T09:00:00.000Z',
			lastError: "Could not reach the council's system (connection refused)"
		});
		expect(new Set(await pullCrmStates())).toEqual(new Set(['waiting']));

		await kit.double.start();
		kit.server.clock.advance(minutes(5));
		expect(await worker.tick()).toMatchObject({ down: false, delivered: 300, failed: 0 });
		expect(arrived()).toEqual(kit.references());
		expect(new Set(arrived()).size).toBe(300);
		expect(kit.outbox().every((row) => row.state === 'delivered')).toBe(true);
		expect(await crmStatus()).toMatchObject({ state: 'up', queued: 0, downSince: null });
		expect(new Set(await pullCrmStates())).toEqual(new Set(['logged']));
	});

	it('while down, only the head of the queue is tried, and not before the shared wait ends', async () => {
		kit.double.fault = 'html500';
		await kit.capture(3);
		const worker = kit.worker();
		expect((await worker.tick()).down).toBe(true);
		// The send, then services.json to tell "this request" from "the whole CRM".
		expect(kit.double.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
			'POST requests.xml',
			'GET services.xml'
		]);
		expect((await worker.tick()).down).toBe(true);
		expect(kit.double.calls).toHaveLength(2);
		kit.server.clock.advance(minutes(5));
		await worker.tick();
		expect(kit.outbox().map((r) => r.attempts)).toEqual([2, 0, 0]);
		expect(kit.outbox()[0].last_error).toBe(
			"The council's system answered with an error page (HTTP 500) instead of data"
		);

		kit.double.fault = null;
		kit.server.clock.advance(minutes(5));
		// The head's error page came after it was sent: uncertain. The others go on; once one of
		// them is delivered it tests the CRM's search, which then proves the head never arrived.
		expect((await worker.tick()).delivered).toBe(2);
		kit.server.clock.advance(minutes(5));
		expect((await worker.tick()).delivered).toBe(1);
		expect(arrived()).toEqual(['CR-2026-00002', 'CR-2026-00003', 'CR-2026-00001']);
	});
});

describe('exactly once across crashes', () => {
	it('a server killed after the CRM took a request but before storing its id does not send it twice', async () => {
		await kit.capture(2);
		kit.double.faultOnce('acceptThenDrop');
		const before = kit.worker();
		expect((await before.tick()).down).toBe(true);
		expect(arrived()).toEqual(['CR-2026-00001']);
		expect(kit.outbox()[0]).toMatchObject({ state: 'sending', attempts: 1 });
		await before.stop();

		// The restarted process: a new worker on its own connection to the same file.
		const restarted = kit.worker(kit.reopen());
		kit.server.clock.advance(minutes(5));
		expect((await restarted.tick()).delivered).toBe(2);
		expect(arrived()).toEqual(['CR-2026-00001', 'CR-2026-00002']);
		expect(posts()).toBe(2);
		expect(kit.outbox().map((r) => [r.state, r.service_request_id])).toEqual([
			['delivered', '1000'],
			['delivered', '1001']
		]);
	});

	it('a row left "sending" that never reached the CRM is sent once, after the search is proven and finds nothing', async () => {
		await kit.capture(1);
		await kit.worker().tick();
		await kit.capture(1);
		// A crash right after the attempt was recorded, before anything went out.
		kit.server.sqlite
			.prepare("update crm_outbox set state = 'sending', attempts = 1 where id = 2")
			.run();
		kit.double.calls.length = 0;
		const worker = kit.worker(kit.reopen());
		kit.server.clock.advance(minutes(5));
		expect((await worker.tick()).delivered).toBe(1);
		// Searches only (its own, then one for CR-2026-00001, which the CRM holds, to prove the
		// search works here), then the one send.
		const calls = kit.double.calls.map((c) => `${c.method} ${c.path}`);
		const send = calls.indexOf('POST requests.xml');
		expect(send).toBeGreaterThan(1);
		expect(new Set(calls.slice(0, send))).toEqual(new Set(['GET requests.xml']));
		expect(posts()).toBe(1);
		// Only the specification's parameters, in its date format: strict CRMs refuse others.
		expect([...kit.double.calls[0].query.keys()].sort()).toEqual(['end_date', 'start_date']);
		expect(kit.double.calls[0].query.get('start_date')).toMatch(/:\d\dZ$/);
		expect(arrived()).toEqual(['CR-2026-00001', 'CR-2026-00002']);
	});

	it('an uncertain row is held for an admin, not sent again, where the CRM does not list its own requests', async () => {
		kit.double.profile.ownNotListed = true;
		await kit.capture(1);
		await kit.worker().tick();
		await kit.capture(1);
		kit.double.faultOnce('acceptThenDrop');
		const worker = kit.worker();
		await worker.tick();
		for (let round = 0; round < 5; round++) {
			kit.server.clock.advance(minutes(10));
			await worker.tick();
		}
		expect(kit.double.withReference('CR-2026-00002')).toHaveLength(1);
		expect(kit.outbox()[1]).toMatchObject({
			state: 'held',
			last_error: expect.stringMatching(
				/^Uncertain: check the council's system for CR-2026-00002, then link it to that request or send it again \(its search did not show CR-2026-00001/
			) as string
		});
	});

	it('an uncertain row is held where the CRM has no search (GET requests answers 500), and no further request is made', async () => {
		await kit.capture(1);
		kit.double.faultOnce('acceptThenDrop');
		const worker = kit.worker();
		await worker.tick();
		kit.double.profile.noRequestsList = true;
		kit.server.clock.advance(minutes(10));
		await worker.tick();
		expect(kit.outbox()[0]).toMatchObject({
			state: 'held',
			last_error: expect.stringContaining('its search answered') as string
		});
		expect(posts()).toBe(1);
	});

	it('stopping during a slow call leaves the row to be settled later, without calling the CRM down', async () => {
		await kit.capture(1);
		await kit.worker().tick();
		await kit.capture(1);
		kit.double.calls.length = 0;
		kit.double.delayMs = 500;
		const worker = kit.worker();
		worker.start();
		await expect.poll(() => kit.double.calls.length).toBe(1);
		await worker.stop();
		expect(kit.outbox()[1].state).toBe('sending');
		expect(await crmStatus()).toMatchObject({ state: 'up', downSince: null });

		kit.double.delayMs = 0;
		expect((await kit.worker(kit.reopen()).tick()).delivered).toBe(1);
		expect(arrived()).toEqual(['CR-2026-00001', 'CR-2026-00002']);
	});

	it('asynchronous creation: the token is kept and asked about until the CRM gives an id', async () => {
		kit.double.asyncCreation = true;
		kit.double.tokenLookupsBeforeMade = 2;
		await kit.capture(1);
		const worker = kit.worker();
		expect((await worker.tick()).waiting).toBe(1);
		expect(kit.server.sqlite.prepare('select state, token from crm_outbox').get()).toEqual({
			state: 'sending',
			token: 'token-1000'
		});
		kit.server.clock.advance(minutes(1));
		expect((await worker.tick()).waiting).toBe(1);
		kit.server.clock.advance(minutes(1));
		expect((await worker.tick()).delivered).toBe(1);
		expect(kit.outbox()[0]).toMatchObject({ state: 'delivered', service_request_id: '1000' });
		expect(posts()).toBe(1);
	});
});

describe('bad answers from the CRM', () => {
	it('an error page for one request backs that one off alone; for all of them the CRM is down', async () => {
		await kit.capture(3);
		kit.double.faultWhen = (call) =>
			call.method === 'POST' && call.form.get('attribute[wardline_reference]') === 'CR-2026-00002'
				? 'html500'
				: null;
		const worker = kit.worker();
		expect(await worker.tick()).toMatchObject({ delivered: 2, failed: 1, down: false });
		expect(kit.outbox()[1]).toMatchObject({
			state: 'sending',
			last_error: "The council's system answered with an error page (HTTP 500) instead of data"
		});
		expect(await crmStatus()).toMatchObject({
			state: 'up',
			queued: 1,
			lastError:
				"CR-2026-00002: The council's system answered with an error page (HTTP 500) instead of data"
		});

		kit.double.faultWhen = null;
		kit.server.clock.advance(minutes(5));
		expect((await worker.tick()).delivered).toBe(1);
		expect(arrived()).toEqual(['CR-2026-00001', 'CR-2026-00003', 'CR-2026-00002']);

		kit.double.fault = 'html500';
		await kit.capture(2);
		expect(await worker.tick()).toMatchObject({ delivered: 0, down: true });
		expect(await crmStatus()).toMatchObject({ state: 'down', queued: 2 });
	});

	it('JSON of the wrong shape is kept as a readable error on the row, and the queue goes on', async () => {
		await kit.capture(2);
		kit.double.faultWhen = (call) =>
			call.method === 'POST' && call.form.get('attribute[wardline_reference]') === 'CR-2026-00001'
				? 'wrongJson'
				: null;
		const worker = kit.worker();
		expect(await worker.tick()).toMatchObject({ delivered: 1, failed: 1 });
		expect(kit.outbox()[0].last_error).toMatch(
			/^The council's system answered with data Wardline does not understand/
		);
		kit.double.faultWhen = null;
		kit.server.clock.advance(minutes(5));
		expect((await worker.tick()).delivered).toBe(1);
		expect(kit.double.withReference('CR-2026-00001')).toHaveLength(1);
	});
});

describe('backoff', () => {
	it('full jitter: anywhere from 0 up to the exponential delay, capped', () => {
		expect(fullJitterMs(0, 1000, 300_000, () => 0.999)).toBe(999);
		expect(fullJitterMs(3, 1000, 300_000, () => 0.5)).toBe(4000);
		expect(fullJitterMs(40, 1000, 300_000, () => 0.999)).toBe(299_700);
		expect(fullJitterMs(5, 1000, 300_000, () => 0)).toBe(0);
	});
});

describe('consent governs every field', () => {
	it("without consent the description goes with the resident's known details taken out, and the audit says so", async () => {
		await kit.capture(1, {
			description:
				'Mary Smith at 14 Elm Road, call 07700 900123 or mary@example.com, has a blocked drain',
			resident: {
				name: 'Mary Smith',
				address: '14 Elm Road',
				phone: '07700 900123',
				email: 'mary@example.com',
				preferredContact: 'phone',
				consentToShare: false
			}
		});
		await kit.worker().tick();
		const sent = kit.double.requests[0];
		expect(sent.description).toContain('has a blocked drain');
		for (const detail of ['Mary', 'Smith', '14', '07700', 'mary@example.com'])
			expect(sent.description).not.toContain(detail);
		expect([sent.first_name, sent.last_name, sent.email, sent.phone]).toEqual([
			null,
			null,
			null,
			null
		]);
		const audit = kit.server.sqlite
			.prepare("select detail from audit_log where action = 'crm_share'")
			.get() as { detail: string };
		expect(audit.detail).toMatch(/^problem and location only .*taken out$/);
	});
});

describe('refusals end retries', () => {
	it("a 4xx with Open311 errors marks the row refused with the CRM's words, on the referral's timeline too; only an admin's send again tries it", async () => {
		kit.double.profile.requiredAttribute = 'hazard';
		const [id] = await kit.capture(1);
		const worker = kit.worker();
		await worker.tick();
		expect(kit.outbox()[0]).toMatchObject({
			state: 'refused',
			last_error: "Refused by the council's system: attribute[hazard] is required"
		});
		for (let round = 0; round < 5; round++) {
			kit.server.clock.advance(minutes(10));
			await worker.tick();
		}
		expect(posts()).toBe(1);
		const timeline = kit.server.sqlite
			.prepare("select text from timeline_entries where referral_id = ? and kind = 'crm'")
			.all(id) as { text: string }[];
		expect(timeline.map((t) => t.text)).toContain(
			"Refused by the council's system: attribute[hazard] is required"
		);
		kit.double.profile.requiredAttribute = null;
		const admin = await kit.server.login('admin');
		const res = await kit.server.request('/api/admin/crm/retry', {
			cookie: admin,
			method: 'POST',
			json: { referralId: id }
		});
		expect(res.status).toBe(200);
		await worker.tick();
		expect(kit.outbox()[0].state).toBe('delivered');
		expect(posts()).toBe(2);
	});

	it('429 and 5xx keep retrying', async () => {
		kit.double.fault = 'json500';
		await kit.capture(1);
		const worker = kit.worker();
		await worker.tick();
		expect(kit.outbox()[0].state).not.toBe('refused');
	});
});
