// E-mail through a real SMTP server: every kind arrives, none carries personal data, the relay
// can be away for a while (everything arrives once it is back), and a refused recipient is
// recorded and not tried for ever.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crmState, mailOutbox, users } from '../db/schema.ts';
import { notifyBackupFailed } from './admin-alerts.ts';
import {
	addresses,
	createMailTestServer,
	publicUrl,
	type MailTestServer
} from './testing/mail-test-kit.ts';

let t: MailTestServer;
beforeEach(async () => {
	t = await createMailTestServer({ crmEnabled: true });
});
afterEach(async () => {
	await t.close();
});

const outbox = () => t.server.db.select().from(mailOutbox).all();
const to = (address: string) => t.smtp.received.filter((m) => m.to.includes(address));
/** What createPayload puts in a referral that no e-mail to staff may carry. */
const personal = ['Mary', 'Smith', '01228', '12 Warwick', 'school gates', 'CA1 1AA'];

function expectNoPersonalData(text: string) {
	for (const word of personal) expect(text).not.toContain(word);
}

describe('e-mail through the SMTP relay', () => {
	it('tells the unit’s officers of a new referral and the Member of the answer, with no personal data', async () => {
		const { id, reference } = await t.capture();
		await t.answer(id);
		await t.deliver();
		const [routed] = to(addresses['user-officer-highways']);
		expect(routed.subject).toBe(`New referral for Highways: ${reference}`);
		expect(routed.text).toContain(`${publicUrl}/queue/${id}`);
		expect(routed.text).toContain('Pothole, Warwick Road');
		const [answered] = to(addresses['user-cllr-ahmed']);
		expect(answered.subject).toBe(`The council has answered ${reference}`);
		expect(answered.text).toContain(`${publicUrl}/referrals/${id}`);
		for (const mail of [routed, answered]) {
			expectNoPersonalData(mail.raw);
			expectNoPersonalData(mail.text);
			expect(mail.text).not.toContain('Filled in by the highways crew');
		}
		// Message-ID as queued, so a resend is recognisable as the same e-mail.
		expect(
			outbox()
				.map((r) => r.messageId)
				.sort()
		).toEqual(t.smtp.received.map((m) => m.messageId).sort());
		expect(outbox().every((r) => r.state === 'sent')).toBe(true);
	});

	it('keeps answers and new referrals for a daily digest at 7am when that is the choice', async () => {
		await t.setPreference(t.cookies.member, { answered: 'digest' });
		await t.setPreference(t.cookies.officer, { routed: 'digest', overdue: 'off' });
		const first = await t.capture();
		const second = await t.capture({
			location: { address: 'Flat 2, 9 Mill Lane', postcode: 'CA1 2AB' }
		});
		await t.answer(first.id);
		await t.answer(second.id);
		await t.deliver();
		expect(t.smtp.received).toHaveLength(0);

		// Monday 09:00 -> Tuesday 06:59: not yet; 07:00: both digests, once.
		t.server.clock.now = new Date('2026-03-03T06:59:00.000Z');
		expect(t.scheduler.tick()).toBe(0);
		t.server.clock.now = new Date('2026-03-03T07:00:00.000Z');
		expect(t.scheduler.tick()).toBe(2);
		expect(t.scheduler.tick()).toBe(0);
		await t.deliver();
		const [answers] = to(addresses['user-cllr-ahmed']);
		expect(answers.subject).toBe('The council has answered 2 referrals of yours');
		expect(answers.text).toContain(first.reference);
		expect(answers.text).toContain(`${second.reference}  Pothole, Mill Lane`);
		const [routed] = to(addresses['user-officer-highways']);
		expect(routed.subject).toBe('2 new referrals for your team');
		for (const mail of t.smtp.received) expectNoPersonalData(mail.text);
	});

	it('sends officers their unit’s overdue referrals on working-day mornings, and support officers a weekly list', async () => {
		await t.setPreference(t.cookies.officer, { routed: 'off' });
		const late = await t.capture();
		const reopened = await t.capture();
		await t.answer(reopened.id);
		// On 20 March the Member reopens the answered one: unanswered until the team answers
		// again, and due ten working days on (not overdue yet).
		t.server.clock.now = new Date('2026-03-20T10:00:00.000Z');
		const res = await t.server.push(await t.server.login('cllr.ahmed'), [
			{
				id: crypto.randomUUID(),
				referralId: reopened.id,
				kind: 'reopen',
				payload: { reason: 'Still broken' },
				createdAt: '2026-03-20T10:00:00.000Z'
			}
		]);
		expect(res.status).toBe(200);
		await t.deliver();
		t.smtp.received.length = 0;

		// Highways' target is 10 working days: due 16 March. Saturday 21 March: no officer list.
		t.server.clock.now = new Date('2026-03-21T08:00:00.000Z');
		t.scheduler.tick();
		await t.deliver();
		expect(to(addresses['user-officer-highways'])).toHaveLength(0);
		// Monday 23 March, 07:00 GMT: the officer's list, and the support officer's weekly list.
		t.server.clock.now = new Date('2026-03-23T07:05:00.000Z');
		t.scheduler.tick();
		await t.deliver();
		const [overdue] = to(addresses['user-officer-highways']);
		expect(overdue.subject).toBe('1 referral is overdue in Highways');
		expect(overdue.text).toContain(late.reference);
		expect(overdue.text).not.toContain(reopened.reference);
		const [weekly] = to(addresses['user-support-jones']);
		expect(weekly.text).toContain(`Overdue (1)`);
		expect(weekly.text).toContain(late.reference);
		expect(weekly.text).toContain('Reopened and not yet answered again (1)');
		expect(weekly.text).toContain(reopened.reference);
		for (const mail of t.smtp.received) expectNoPersonalData(mail.text);
		// The same morning again (a restart): nothing twice.
		expect(t.scheduler.tick()).toBe(0);
	});

	it('tells admins once per outage when the CRM has been unreachable for longer than the set hours, and of a failed backup', async () => {
		t.server.db
			.insert(crmState)
			.values({ id: 1, downSince: '2026-03-02T06:00:00.000Z', downRounds: 3 })
			.run();
		// 09:00, down since 06:00: three hours, under the four set.
		expect(t.scheduler.tick()).toBe(0);
		t.server.clock.now = new Date('2026-03-02T10:01:00.000Z');
		expect(t.scheduler.tick()).toBe(1);
		t.server.clock.now = new Date('2026-03-02T14:00:00.000Z');
		expect(t.scheduler.tick()).toBe(0);
		expect(
			notifyBackupFailed(
				{
					db: t.server.db,
					sqlite: t.server.sqlite,
					clock: t.server.clock.read,
					ids: () => crypto.randomUUID(),
					mail: t.mail
				},
				{ reason: 'The disk is full' }
			)
		).toBe(1);
		await t.deliver();
		const mails = to(addresses['user-admin']);
		expect(mails.map((m) => m.subject)).toEqual([
			'The council’s CRM has not answered for over 4 hours',
			'A backup of Wardline failed'
		]);
		expect(mails[1].text).toContain('Reason: The disk is full');
	});

	it('sends nothing to a deactivated user, one with no address, or one who turned the kind off', async () => {
		await t.setPreference(t.cookies.officer, { routed: 'off' });
		const { id } = await t.capture();
		expect(outbox()).toHaveLength(0);
		t.server.db.update(users).set({ email: null }).where(eq(users.id, 'user-cllr-ahmed')).run();
		await t.answer(id);
		expect(outbox()).toHaveLength(0);
		// Queued while active, deactivated before it went: cancelled, not sent.
		t.server.db
			.update(users)
			.set({ email: addresses['user-cllr-ahmed'] })
			.where(eq(users.id, 'user-cllr-ahmed'))
			.run();
		await t.answer(id, 'And a second answer.');
		expect(outbox()).toHaveLength(1);
		t.server.db.update(users).set({ active: false }).where(eq(users.id, 'user-cllr-ahmed')).run();
		const report = await t.deliver();
		expect(t.smtp.received).toHaveLength(0);
		expect(report.cancelled + (outbox()[0].state === 'cancelled' ? 1 : 0)).toBeGreaterThan(0);
		expect(outbox()[0]).toMatchObject({ state: 'cancelled' });
		expect(outbox()[0].lastError).toContain('deactivated');
	});

	it('waits while the relay is stopped, and sends everything once when it is back', async () => {
		await t.smtp.stop();
		const captured = [];
		for (let i = 0; i < 4; i++) captured.push(await t.capture());
		const down = await t.worker.tick();
		expect(down.down).toBe(true);
		expect(t.worker.status().downSince).not.toBeNull();
		expect(outbox().every((r) => r.state === 'queued')).toBe(true);
		// Days go by with the relay away: each round stops at the first e-mail, keeping the order.
		for (let day = 0; day < 3; day++) {
			t.server.clock.advance(24 * 3_600_000);
			expect((await t.worker.tick()).down).toBe(true);
		}
		await t.smtp.start();
		t.server.clock.advance(24 * 3_600_000);
		await t.deliver();
		const subjects = t.smtp.received.map((m) => m.subject);
		expect(subjects).toEqual(captured.map((c) => `New referral for Highways: ${c.reference}`));
		expect(new Set(t.smtp.received.map((m) => m.messageId)).size).toBe(4);
		expect(t.worker.status().downSince).toBeNull();
	});

	it('records a refused recipient and does not try it again by itself', async () => {
		t.smtp.refuse.add(addresses['user-officer-highways']);
		const { id } = await t.capture();
		await t.answer(id);
		await t.deliver();
		const rows = outbox();
		const refused = rows.find((r) => r.kind === 'routed');
		expect(refused).toMatchObject({ state: 'refused', attempts: 1 });
		expect(refused?.lastError).toContain('550');
		// The Member's e-mail was not held up by it.
		expect(to(addresses['user-cllr-ahmed'])).toHaveLength(1);
		for (let i = 0; i < 5; i++) {
			t.server.clock.advance(3_600_000);
			await t.worker.tick();
		}
		expect(outbox().find((r) => r.kind === 'routed')).toMatchObject({
			state: 'refused',
			attempts: 1
		});
		// An admin fixes the address and tries again: it goes.
		t.smtp.refuse.clear();
		const retry = await t.server.request(`/api/admin/mail/outbox/${refused?.id}/retry`, {
			method: 'POST',
			cookie: t.cookies.admin,
			json: {}
		});
		expect(retry.status).toBe(200);
		await t.deliver();
		expect(to(addresses['user-officer-highways'])).toHaveLength(1);
	});

	it('sends again, with the same Message-ID, an e-mail left "sending" by a crash', async () => {
		await t.capture();
		const [row] = outbox();
		t.server.db
			.update(mailOutbox)
			.set({ state: 'sending', attempts: 1 })
			.where(eq(mailOutbox.id, row.id))
			.run();
		await t.deliver();
		expect(t.smtp.received.map((m) => m.messageId)).toEqual([row.messageId]);
		expect(outbox()[0]).toMatchObject({ state: 'sent', attempts: 2 });
	});
});
