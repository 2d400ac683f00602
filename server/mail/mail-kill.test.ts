// The kill test: the real server process (server/main.ts) is killed with SIGKILL at random
// moments while it sends a queue of e-mails to a real SMTP server, and started again on the
// same data. Every e-mail arrives; one arrives twice only where SMTP cannot tell (the relay had
// accepted it and the process died before recording that), recognisable by its Message-ID.
// Prints the counts; KILL_TEST_MAILS and KILL_TEST_KILLS change the size.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../e2e/server.ts';
import { createMutation, createPayload } from '../testing/test-server.ts';
import { TestSmtpServer } from './testing/smtp-test-server.ts';

const mails = Number(process.env.KILL_TEST_MAILS ?? 150);
const kills = Number(process.env.KILL_TEST_KILLS ?? 6);
const officerAddress = 'priya.patel@example.gov.uk';
// The server's public origin: writes must come from it, and mail links point at it.
const publicUrl = 'https://wardline.example.gov.uk';

// A few milliseconds between receiving a message and saying 250 widens the window in which a
// kill leaves an e-mail accepted but not recorded as sent: the case the test counts.
const smtp = new TestSmtpServer({ acceptDelayMs: () => Math.floor(Math.random() * 6) });
let wardline: RunningServer | null = null;

afterAll(async () => {
	await wardline?.dispose();
	await smtp.stop();
});

async function signIn(base: string, username: string): Promise<string> {
	const res = await fetch(`${base}/api/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: publicUrl },
		body: JSON.stringify({ username, password: 'wardline-demo' })
	});
	expect(res.status).toBe(200);
	return (res.headers.get('set-cookie') ?? '').split(';')[0];
}

function outboxRows(dataDir: string): { messageId: string; state: string }[] {
	const db = new Database(join(dataDir, 'wardline.db'), { readonly: true });
	try {
		return db.prepare('select message_id as messageId, state from mail_outbox').all() as {
			messageId: string;
			state: string;
		}[];
	} finally {
		db.close();
	}
}

it(
	'every e-mail arrives through kills at random moments, and a duplicate only where SMTP cannot tell',
	async () => {
		await smtp.start();
		const server = await startServer({
			SMTP_URL: smtp.url,
			MAIL_FROM: 'wardline@example.gov.uk',
			WARDLINE_PUBLIC_URL: publicUrl,
			MAIL_MAX_BACKOFF_S: '1'
		});
		wardline = server;
		const base = server.url;
		const rows = () => outboxRows(server.dataDir);

		// The officer gets an e-mail for each new referral; the Member sends them in one push.
		const admin = await signIn(base, 'admin');
		const patched = await fetch(`${base}/api/admin/users/user-officer-highways`, {
			method: 'PATCH',
			headers: { 'content-type': 'application/json', origin: publicUrl, cookie: admin },
			body: JSON.stringify({ email: officerAddress })
		});
		expect(patched.status).toBe(200);
		// While the relay is stopped, so that every e-mail is queued before the first kill.
		await smtp.stop();
		const member = await signIn(base, 'cllr.ahmed');
		const creates = Array.from({ length: mails }, (_, i) =>
			createMutation({
				payload: createPayload({
					description: `Pothole number ${i}`,
					capturedAt: new Date().toISOString()
				})
			})
		);
		const pushed = await fetch(`${base}/api/sync/push`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: publicUrl, cookie: member },
			body: JSON.stringify({ deviceId: 'kill-test', mutations: creates })
		});
		expect(pushed.status).toBe(200);
		await server.kill();
		expect(rows()).toHaveLength(mails);
		await smtp.start();

		let killed = 0;
		// How many had arrived at each kill: the kills must land while e-mails are being sent.
		const arrivedAtKill: number[] = [];
		while (killed < kills && smtp.received.length < mails) {
			await server.start();
			// A random moment while it sends: it begins as soon as it is up.
			await new Promise((r) => setTimeout(r, 20 + Math.random() * 250));
			await server.kill();
			arrivedAtKill.push(smtp.received.length);
			killed++;
		}
		// The last start runs to the end.
		await server.start();
		const deadline = Date.now() + 60_000;
		while (rows().some((r) => r.state !== 'sent') && Date.now() < deadline)
			await new Promise((r) => setTimeout(r, 100));
		await server.kill();

		const final = rows();
		const expected = new Set(final.map((r) => r.messageId));
		const received = smtp.received.map((m) => m.messageId);
		const arrived = new Set(received);
		const duplicates = received.length - arrived.size;
		console.log(
			`kill test: ${mails} e-mails queued, ${killed} kills (SIGKILL), ${received.length} received, ` +
				`${arrived.size} distinct, ${duplicates} duplicate(s); arrived at each kill: ${arrivedAtKill.join(', ')}`
		);
		expect(final.every((r) => r.state === 'sent')).toBe(true);
		expect([...expected].filter((id) => !arrived.has(id))).toEqual([]);
		expect([...arrived].filter((id) => !expected.has(id))).toEqual([]);
		// One e-mail is in flight at a time, so each kill can leave at most one accepted and unrecorded.
		expect(duplicates).toBeLessThanOrEqual(killed);
		expect(arrivedAtKill.filter((n) => n > 0 && n < mails).length).toBeGreaterThan(0);
		expect(smtp.received.every((m) => m.to.includes(officerAddress))).toBe(true);
	},
	Math.max(180_000, kills * 12_000 + 90_000)
);
