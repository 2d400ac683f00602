import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PullResponse } from '#domain/sync-protocol';
import { removePersonalDetails } from '../privacy/remove-personal-details.ts';
import { findReferral } from '../referrals/store.ts';
import { createCrmKit, type CrmKit } from '../testing/crm-test-kit.ts';
import type { CrmWorker } from './crm-worker.ts';

let kit: CrmKit;
let worker: CrmWorker;
let ahmed: string;
let cursor: number;
beforeEach(async () => {
	kit = await createCrmKit();
	await kit.capture(1);
	worker = kit.worker();
	await worker.tick();
	ahmed = await kit.server.login('cllr.ahmed');
	cursor = 0;
	cursor = (await pull()).cursor;
});
afterEach(() => kit.close());

async function pull() {
	const res = await kit.server.pull(ahmed, cursor);
	return PullResponse.parse(await res.json());
}

/** What the Member's tablet gets on its next pull: the referral, if it changed. */
async function nextPull() {
	const page = await pull();
	cursor = page.cursor;
	return page.referrals[0];
}

const overAMinute = 61_000;

describe('status changes in the CRM', () => {
	it('the first pull after delivery shows the referral as logged, with a timeline entry', async () => {
		const page = PullResponse.parse(await (await kit.server.pull(ahmed)).json());
		const referral = page.referrals[0];
		expect(referral.crm).toEqual({ state: 'logged', serviceRequestId: '1000' });
		expect(referral.timeline.at(-1)).toMatchObject({
			kind: 'crm',
			by: "Council's system",
			text: "Logged with the council's system as request 1000"
		});
	});

	it("in progress, then closed with notes, reach the Member's pull as entries and status moves", async () => {
		kit.double.setStatus('1000', 'in_progress', 'Crew booked for Tuesday');
		kit.server.clock.advance(overAMinute);
		expect((await worker.tick()).updates).toBe(1);
		let referral = await nextPull();
		expect(referral.status).toBe('in_progress');
		expect(referral.timeline.slice(-2).map((e) => [e.kind, e.text])).toEqual([
			['crm', 'Request 1000 is in progress: Crew booked for Tuesday'],
			['status', 'Status: Being worked on']
		]);

		kit.double.setStatus('1000', 'closed', 'Pothole filled on 4 March');
		kit.server.clock.advance(overAMinute);
		expect((await worker.tick()).updates).toBe(1);
		referral = await nextPull();
		expect(referral.status).toBe('responded');
		expect(referral.respondedAt).not.toBeNull();
		expect(referral.timeline.slice(-3).map((e) => [e.kind, e.text])).toEqual([
			['crm', 'Request 1000 is closed: Pothole filled on 4 March'],
			['status', 'Status: Answered'],
			['response', 'Pothole filled on 4 March']
		]);

		// Nothing new in the CRM: no new entry, nothing for the tablet.
		kit.server.clock.advance(overAMinute);
		expect((await worker.tick()).updates).toBe(0);
		expect(await nextPull()).toBeUndefined();
	});

	it('closed straight from routed passes through "being worked on", as the status machine says', async () => {
		kit.double.setStatus('1000', 'closed', null);
		kit.server.clock.advance(overAMinute);
		await worker.tick();
		const referral = await nextPull();
		expect(referral.status).toBe('responded');
		expect(referral.timeline.slice(-4).map((e) => e.kind)).toEqual([
			'crm',
			'status',
			'status',
			'response'
		]);
		expect(referral.timeline.at(-1)?.text).toBe(
			"Closed in the council's system, with no notes given."
		);
	});

	it('a note on an open request becomes an entry without moving the status', async () => {
		kit.double.setStatus('1000', 'open', 'Inspector visiting on Friday');
		kit.server.clock.advance(overAMinute);
		await worker.tick();
		const referral = await nextPull();
		expect(referral.status).toBe('routed');
		expect(referral.timeline.at(-1)).toMatchObject({
			kind: 'crm',
			text: 'Request 1000 is open: Inspector visiting on Friday'
		});
	});

	it('asks the CRM no more often than the poll interval', async () => {
		kit.double.setStatus('1000', 'in_progress', 'Crew booked');
		kit.server.clock.advance(30_000);
		expect((await worker.tick()).updates).toBe(0);
		kit.server.clock.advance(31_000);
		expect((await worker.tick()).updates).toBe(1);
	});

	it('a closed referral is no longer asked about', async () => {
		const officer = await kit.server.login('officer.highways');
		const referralId = kit.outbox()[0].referral_id;
		const answered = await kit.server.request(`/api/referrals/${referralId}/responses`, {
			method: 'POST',
			cookie: officer,
			json: { text: 'Filled' }
		});
		expect(answered.status).toBe(200);
		const closed = await kit.server.request(`/api/referrals/${referralId}/status`, {
			method: 'POST',
			cookie: officer,
			json: { status: 'closed' }
		});
		expect(closed.status).toBe(200);
		const before = kit.double.calls.length;
		kit.server.clock.advance(overAMinute);
		await worker.tick();
		expect(kit.double.calls.length).toBe(before);
	});

	it("keeps only a fingerprint of the CRM's notes, so erased notes do not come back", async () => {
		kit.double.setStatus('1000', 'in_progress', 'Mrs Jane Doe at number 12 will let the crew in');
		kit.server.clock.advance(overAMinute);
		expect((await worker.tick()).updates).toBe(1);
		const notesKept = () =>
			(
				kit.server.sqlite.prepare('select crm_status_notes as notes from crm_outbox').get() as {
					notes: string;
				}
			).notes;
		expect(notesKept()).toMatch(/^sha256:[0-9a-f]{64}$/);

		// A row from before fingerprints held the text; removing the details keeps its fingerprint only.
		kit.server.sqlite
			.prepare('update crm_outbox set crm_status_notes = ?')
			.run('Mrs Jane Doe at number 12 will let the crew in');
		const referralId = kit.outbox()[0].referral_id;
		const { db, sqlite, clock } = kit.server;
		const row = findReferral(db, referralId);
		if (!row) throw new Error('no referral');
		removePersonalDetails(
			{ db, sqlite, clock: clock.read, ids: randomUUID },
			row,
			'request',
			'admin'
		);
		expect(notesKept()).toMatch(/^sha256:/);
		const timeline = kit.server.sqlite
			.prepare('select text from timeline_entries where referral_id = ?')
			.all(referralId) as { text: string }[];
		expect(timeline.map((e) => e.text).join('\n')).not.toContain('Jane Doe');

		// The CRM still says the same: nothing is added back.
		kit.server.clock.advance(overAMinute);
		expect((await worker.tick()).updates).toBe(0);
		const after = kit.server.sqlite
			.prepare('select text from timeline_entries where referral_id = ?')
			.all(referralId) as { text: string }[];
		expect(after.map((e) => e.text).join('\n')).not.toContain('Jane Doe');
	});
});
