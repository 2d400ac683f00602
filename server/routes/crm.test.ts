import { afterEach, describe, expect, it } from 'vitest';
import { PullResponse } from '#domain/sync-protocol';
import { createCrmKit, type CrmKit } from '../testing/crm-test-kit.ts';
import { createMutation, createTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer | null = null;
let kit: CrmKit | null = null;
afterEach(async () => {
	server?.close();
	server = null;
	await kit?.close();
	kit = null;
});

describe('GET /api/crm/status', () => {
	it('is "off" with no CRM configured, and nothing is queued', async () => {
		server = createTestServer();
		const cookie = await server.login('cllr.ahmed');
		await server.push(cookie, [createMutation()]);
		const res = await server.request('/api/crm/status', { cookie });
		expect(await res.json()).toEqual({
			state: 'off',
			queued: 0,
			lastError: null,
			lastSuccessAt: null,
			downSince: null
		});
		const page = PullResponse.parse(await (await server.pull(cookie)).json());
		expect(page.referrals[0].crm).toEqual({ state: 'off', serviceRequestId: null });
	});

	it('needs a session', async () => {
		server = createTestServer();
		expect((await server.request('/api/crm/status')).status).toBe(401);
	});

	it('says "up" with the last success once delivered, "down" since when while down', async () => {
		kit = await createCrmKit();
		const cookie = await kit.server.login('officer.highways');
		await kit.capture(1);
		await kit.worker().tick();
		expect(await (await kit.server.request('/api/crm/status', { cookie })).json()).toEqual({
			state: 'up',
			queued: 0,
			lastError: null,
			lastSuccessAt: '2026-03-02T09:00:00.000Z',
			downSince: null
		});
		await kit.double.stop();
		await kit.capture(1);
		kit.server.clock.advance(60_000);
		await kit.worker().tick();
		expect(await (await kit.server.request('/api/crm/status', { cookie })).json()).toMatchObject({
			state: 'down',
			queued: 1,
			downSince: '2026-03-02T09:01:00.000Z',
			// Refused, or cut off on a kept-alive connection: either way a sentence, not a code.
			lastError: expect.stringMatching(/^(Could not reach|The council's system hung up)/)
		});
	});
});

describe('admin: the queue and retry now', () => {
	it('lists the waiting rows with readable errors, for admins only', async () => {
		kit = await createCrmKit();
		const admin = await kit.server.login('admin');
		const patched = await kit.server.request('/api/admin/categories/cat-pothole', {
			method: 'PATCH',
			cookie: admin,
			json: { crmServiceCode: 'HW-GONE' }
		});
		expect(await patched.json()).toMatchObject({ id: 'cat-pothole', crmServiceCode: 'HW-GONE' });
		await kit.capture(1);
		await kit.capture(2, { categoryId: 'cat-fly-tipping' });
		expect(await kit.worker().tick()).toMatchObject({ delivered: 2, failed: 1, down: false });

		const res = await kit.server.request('/api/admin/crm/outbox', { cookie: admin });
		const body = (await res.json()) as { status: { queued: number }; rows: unknown[] };
		expect(body.status.queued).toBe(1);
		expect(body.rows).toEqual([
			expect.objectContaining({
				reference: 'CR-2026-00001',
				category: 'Pothole',
				serviceCode: 'HW-GONE',
				// Refused with the CRM's own words: not tried again until an admin sends it again.
				state: 'refused',
				attempts: 1,
				lastError: "Refused by the council's system: Service code HW-GONE was not found"
			})
		]);
		const all = await kit.server.request('/api/admin/crm/outbox?state=all', { cookie: admin });
		expect(((await all.json()) as { rows: unknown[] }).rows).toHaveLength(3);

		const member = await kit.server.login('cllr.ahmed');
		expect((await kit.server.request('/api/admin/crm/outbox', { cookie: member })).status).toBe(
			403
		);
	});

	it('"retry now" makes a backed-off row due at once, after the code is put right', async () => {
		kit = await createCrmKit({ random: () => 0.99 });
		const admin = await kit.server.login('admin');
		const setCode = (code: string) =>
			kit!.server.request('/api/admin/categories/cat-pothole', {
				method: 'PATCH',
				cookie: admin,
				json: { crmServiceCode: code }
			});
		await setCode('HW-GONE');
		const [referralId] = await kit.capture(1);
		const worker = kit.worker();
		await worker.tick();
		await setCode('HW-POT');
		// Still backing off: nothing is tried.
		expect((await worker.tick()).delivered).toBe(0);

		const retry = await kit.server.request('/api/admin/crm/retry', {
			method: 'POST',
			cookie: admin,
			json: { referralId }
		});
		expect(await retry.json()).toEqual({ retried: 1 });
		expect((await worker.tick()).delivered).toBe(1);
		expect(kit.double.withReference('CR-2026-00001')).toHaveLength(1);
	});

	it('"retry now" with no body lifts the shared wait of a CRM that was down', async () => {
		kit = await createCrmKit({ random: () => 0.99 });
		const admin = await kit.server.login('admin');
		await kit.double.stop();
		await kit.capture(2);
		const worker = kit.worker();
		expect((await worker.tick()).down).toBe(true);
		await kit.double.start();
		expect((await worker.tick()).down).toBe(true);
		const retry = await kit.server.request('/api/admin/crm/retry', {
			method: 'POST',
			cookie: admin
		});
		expect(await retry.json()).toEqual({ retried: 2 });
		expect((await worker.tick()).delivered).toBe(2);
	});
});

describe('an admin settles a held row', () => {
	async function heldRow() {
		kit = await createCrmKit();
		kit.double.profile.ownNotListed = true;
		await kit.capture(1);
		await kit.worker().tick();
		const [id] = await kit.capture(1);
		kit.double.faultOnce('acceptThenDrop');
		const worker = kit.worker();
		await worker.tick();
		kit.server.clock.advance(10 * 60_000);
		await worker.tick();
		expect(kit.outbox()[1].state).toBe('held');
		return { id, worker, admin: await kit.server.login('admin') };
	}

	it('links it to the request the CRM already has: delivered, no second request, audited', async () => {
		const { id, worker, admin } = await heldRow();
		const k = kit as CrmKit;
		const existing = k.double.withReference('CR-2026-00002')[0].service_request_id;
		const bad = await k.server.request('/api/admin/crm/link', {
			cookie: admin,
			method: 'POST',
			json: { referralId: id, serviceRequestId: ' ' }
		});
		expect(bad.status).toBe(400);
		expect(k.outbox()[1].state).toBe('held');
		const res = await k.server.request('/api/admin/crm/link', {
			cookie: admin,
			method: 'POST',
			json: { referralId: id, serviceRequestId: existing }
		});
		expect(res.status).toBe(200);
		k.server.clock.advance(10 * 60_000);
		await worker.tick();
		expect(k.outbox()[1]).toMatchObject({ state: 'delivered', service_request_id: existing });
		expect(k.double.withReference('CR-2026-00002')).toHaveLength(1);
		const audit = k.server.sqlite
			.prepare("select user_id, detail from audit_log where action = 'crm_link'")
			.get() as { user_id: string; detail: string };
		expect(audit.detail).toBe(
			`linked to request ${existing} the council's system already had (held before)`
		);
		const again = await k.server.request('/api/admin/crm/link', {
			cookie: admin,
			method: 'POST',
			json: { referralId: id, serviceRequestId: 'X1' }
		});
		expect(again.status).toBe(404);
	});

	it('"send again" sends it at once, without searching again; "retry all" leaves held rows alone', async () => {
		const { id, worker, admin } = await heldRow();
		const k = kit as CrmKit;
		await k.server.request('/api/admin/crm/retry', { cookie: admin, method: 'POST' });
		await worker.tick();
		expect(k.outbox()[1].state).toBe('held');
		const res = await k.server.request('/api/admin/crm/retry', {
			cookie: admin,
			method: 'POST',
			json: { referralId: id }
		});
		expect(res.status).toBe(200);
		await worker.tick();
		expect(k.outbox()[1].state).toBe('delivered');
		// The admin chose this: they looked in the CRM, and a second request is what they asked for.
		expect(k.double.withReference('CR-2026-00002')).toHaveLength(2);
	});

	it('"stop sending" ends it in Wardline alone: never tried again, not counted as waiting', async () => {
		const { id, worker, admin } = await heldRow();
		const k = kit as CrmKit;
		const res = await k.server.request('/api/admin/crm/stop', {
			cookie: admin,
			method: 'POST',
			json: { referralId: id }
		});
		expect(res.status).toBe(200);
		await k.server.request('/api/admin/crm/retry', {
			cookie: admin,
			method: 'POST',
			json: { referralId: id }
		});
		k.server.clock.advance(10 * 60_000);
		await worker.tick();
		expect(k.outbox()[1].state).toBe('stopped');
		expect(k.double.withReference('CR-2026-00002')).toHaveLength(1);
		const status = await (await k.server.request('/api/crm/status', { cookie: admin })).json();
		expect(status).toMatchObject({ queued: 0 });
		// The Member's copy no longer says it waits for the council's system.
		const member = await k.server.login('cllr.ahmed');
		const pulled = PullResponse.parse(await (await k.server.pull(member)).json());
		expect(pulled.referrals.find((r) => r.id === id)?.crm).toEqual({
			state: 'off',
			serviceRequestId: null
		});
		const officer = await k.server.login('cllr.ahmed');
		const forbidden = await k.server.request('/api/admin/crm/stop', {
			cookie: officer,
			method: 'POST',
			json: { referralId: id }
		});
		expect(forbidden.status).toBe(403);
	});
});
