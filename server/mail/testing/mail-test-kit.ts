// Test kit: the real app (temporary SQLite, fake clock) with e-mail on, a real SMTP server, the
// mail worker over a real SMTP connection and the scheduler, and steps that cause e-mails.
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { MailLink } from '../../context.ts';
import { users } from '../../db/schema.ts';
import { createMutation, createPayload, createTestServer } from '../../testing/test-server.ts';
import { MailScheduler } from '../mail-schedule.ts';
import { MailWorker } from '../mail-worker.ts';
import { createSmtpTransport } from '../smtp-transport.ts';
import { TestSmtpServer } from './smtp-test-server.ts';

export const publicUrl = 'https://wardline.example.gov.uk';

export const addresses = {
	'user-cllr-ahmed': 'samira.ahmed@members.example.gov.uk',
	'user-cllr-brown': 'tom.brown@members.example.gov.uk',
	'user-support-jones': 'jo.jones@example.gov.uk',
	'user-officer-highways': 'priya.patel@example.gov.uk',
	'user-admin': 'alex.morgan@example.gov.uk'
} as const;

export async function createMailTestServer(options: { crmEnabled?: boolean } = {}) {
	const smtp = new TestSmtpServer();
	await smtp.start();
	const mail: MailLink = { enabled: true, publicUrl };
	const server = createTestServer({ mail, crm: { enabled: options.crmEnabled ?? false } });
	for (const [id, email] of Object.entries(addresses))
		server.db.update(users).set({ email }).where(eq(users.id, id)).run();
	const worker = new MailWorker({
		db: server.db,
		transport: createSmtpTransport({
			url: smtp.url,
			from: 'Wardline <wardline@example.gov.uk>',
			timeoutMs: 2000
		}),
		clock: server.clock.read,
		random: () => 0.5
	});
	mail.status = () => worker.status();
	const scheduler = new MailScheduler({
		deps: {
			db: server.db,
			sqlite: server.sqlite,
			clock: server.clock.read,
			ids: () => crypto.randomUUID(),
			mail
		},
		crmEnabled: options.crmEnabled ?? false,
		crmAlertHours: 4
	});
	const cookies = {
		member: await server.login('cllr.ahmed'),
		officer: await server.login('officer.highways'),
		support: await server.login('support.jones'),
		admin: await server.login('admin')
	};

	/** The Member captures a referral (routed to Highways at once); returns its id and reference. */
	async function capture(
		overrides: Parameters<typeof createPayload>[0] = {},
		cookie = cookies.member
	): Promise<{ id: string; reference: string }> {
		const create = createMutation({ payload: createPayload(overrides) });
		const res = await server.push(cookie, [create]);
		const body = (await res.json()) as {
			results: { status: string; reason?: string; referral?: { reference: string } }[];
		};
		expect(body.results[0].status, body.results[0].reason).toBe('applied');
		return { id: create.referralId, reference: body.results[0].referral?.reference ?? '' };
	}

	/** The officer answers it. */
	async function answer(referralId: string, text = 'Filled in by the highways crew.') {
		const res = await server.request(`/api/referrals/${referralId}/responses`, {
			method: 'POST',
			cookie: cookies.officer,
			json: { text }
		});
		expect(res.status).toBe(200);
	}

	async function setPreference(cookie: string, choices: Record<string, string>) {
		const res = await server.request('/api/mail/preferences', {
			method: 'PUT',
			cookie,
			json: choices
		});
		expect(res.status).toBe(200);
	}

	/** Runs the worker until nothing is due (or `rounds` rounds). */
	async function deliver(rounds = 5) {
		for (let i = 0; i < rounds; i++) {
			const report = await worker.tick();
			if (report.sent + report.refused + report.retried + report.cancelled === 0) return report;
		}
		return worker.tick();
	}

	async function close() {
		await worker.stop();
		await smtp.stop();
		server.close();
	}

	return {
		server,
		smtp,
		worker,
		scheduler,
		mail,
		cookies,
		capture,
		answer,
		setPreference,
		deliver,
		close
	};
}

export type MailTestServer = Awaited<ReturnType<typeof createMailTestServer>>;
