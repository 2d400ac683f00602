// Test harness for the CRM link: a Wardline test server with a CRM configured, the Open311
// test double on a real port, and workers over the same SQLite file (as after a restart).
import { openDatabase, type Db, type Sqlite } from '../db/open.ts';
import { categories } from '../db/schema.ts';
import { createMutation, createPayload, createTestServer } from './test-server.ts';
import type { CreateReferralInput } from '#domain/referral';
import { CrmWorker } from '../crm/crm-worker.ts';
import { Open311Client } from '../crm/open311-client.ts';
import { Open311TestDouble, type CrmProfile } from './open311-test-double.ts';

export const crmApiKey = 'test-key';

export async function createCrmKit(
	options: { timeoutMs?: number; random?: () => number; profile?: Partial<CrmProfile> } = {}
) {
	const server = createTestServer({ crm: { enabled: true } });
	const codes = server.db
		.select({ code: categories.crmServiceCode })
		.from(categories)
		.all()
		.map((c) => c.code);
	// A real CRM stamps requests a moment apart; the test clock stands still within a round.
	let made = 0;
	const double: Open311TestDouble = new Open311TestDouble({
		serviceCodes: codes,
		apiKey: crmApiKey,
		clock: () => new Date(server.clock.read().getTime() + 1000 * made++),
		profile: options.profile
	});
	// A council's CRM holds many requests besides Wardline's (a list longer than any one search).
	double.seedOthers(20);
	await double.start();
	const client = new Open311Client({
		baseUrl: double.url,
		apiKey: crmApiKey,
		format: double.profile.formats.includes('xml') ? 'xml' : 'json',
		timeoutMs: options.timeoutMs ?? 2000
	});
	const workers: CrmWorker[] = [];
	const reopened: Sqlite[] = [];

	/** A worker over the server's database, or over a connection of its own (a restarted process). */
	function worker(connection: { db: Db; sqlite: Sqlite } = server): CrmWorker {
		const created = new CrmWorker({
			db: connection.db,
			sqlite: connection.sqlite,
			client,
			clock: server.clock.read,
			random: options.random ?? (() => 0.5),
			baseBackoffMs: 1000,
			maxBackoffMs: 300_000,
			pollMs: 60_000
		});
		workers.push(created);
		return created;
	}

	/** The same SQLite file opened again, as a restarted server process would. */
	function reopen(): { db: Db; sqlite: Sqlite } {
		const connection = openDatabase(server.sqlite.name);
		reopened.push(connection.sqlite);
		return connection;
	}

	/** Captures referrals as cllr.ahmed; returns their ids in order of arrival. */
	let cookie: string | null = null;
	async function capture(count: number, overrides: Partial<CreateReferralInput> = {}) {
		cookie ??= await server.login('cllr.ahmed');
		const mutations = Array.from({ length: count }, (_, i) =>
			createMutation({
				payload: createPayload({ description: `Problem number ${i + 1}`, ...overrides })
			})
		);
		const res = await server.push(cookie, mutations);
		if (res.status !== 200) throw new Error(`push failed: ${res.status}`);
		return mutations.map((m) => m.referralId);
	}

	const outbox = () =>
		server.sqlite.prepare('select * from crm_outbox order by id').all() as {
			id: number;
			referral_id: string;
			state: string;
			attempts: number;
			last_error: string | null;
			service_request_id: string | null;
			next_attempt_at: string;
		}[];

	const references = () =>
		(
			server.sqlite.prepare('select reference from referrals order by reference').all() as {
				reference: string;
			}[]
		).map((r) => r.reference);

	async function close(): Promise<void> {
		for (const w of workers) await w.stop();
		await double.stop();
		for (const sqlite of reopened) sqlite.close();
		server.close();
	}

	return { server, double, client, worker, reopen, capture, outbox, references, close };
}

export type CrmKit = Awaited<ReturnType<typeof createCrmKit>>;
