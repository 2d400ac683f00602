import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PushResponse } from '#domain/sync-protocol';
import {
	createMutation,
	createTestServer,
	mutation,
	type TestServer
} from '../testing/test-server.ts';

let server: TestServer | undefined;
beforeEach(() => {
	// The simulated crashes are logged by the error handler; keep the test output readable.
	vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
	server?.close();
	vi.restoreAllMocks();
});

const count = (s: TestServer, sql: string, ...params: unknown[]) =>
	(s.sqlite.prepare(sql).get(...params) as { n: number }).n;

/** A server whose mutation transaction throws just before commit while `crashOn` says so. */
function crashingServer(crashOn: (mutationId: string) => boolean) {
	return createTestServer({
		faults: {
			beforeMutationCommit: (id) => {
				if (crashOn(id)) throw new Error('simulated kill');
			}
		}
	});
}

describe('a crash in the middle of applying a mutation', () => {
	it('leaves nothing behind, and the resend applies exactly once', async () => {
		let crash = true;
		const s = (server = crashingServer(() => crash));
		const cookie = await s.login('cllr.ahmed');
		const m = createMutation();
		const failed = await s.push(cookie, [m]);
		expect(failed.status).toBe(500);
		expect(await failed.json()).toMatchObject({ error: 'internal' });
		for (const table of [
			'referrals',
			'timeline_entries',
			'processed_mutations',
			'referral_counters',
			'change_counter'
		])
			expect(count(s, `select count(*) as n from ${table}`), table).toBe(0);
		expect(count(s, "select count(*) as n from audit_log where action = 'create'")).toBe(0);

		crash = false;
		const retried = PushResponse.parse(await (await s.push(cookie, [m])).json());
		expect(retried.results[0]).toMatchObject({
			status: 'applied',
			referral: { reference: 'CR-2026-00001' }
		});
		const again = PushResponse.parse(await (await s.push(cookie, [m])).json());
		expect(again.results[0].status).toBe('duplicate');
		expect(count(s, 'select count(*) as n from referrals')).toBe(1);
	});

	it('rolls back the whole batch, which is one transaction, and the resend applies each once', async () => {
		const [a, b] = [createMutation(), createMutation()];
		let crashOn: string | null = b.id;
		const s = (server = crashingServer((id) => id === crashOn));
		const cookie = await s.login('cllr.ahmed');
		expect((await s.push(cookie, [a, b])).status).toBe(500);
		expect(count(s, 'select count(*) as n from referrals')).toBe(0);
		expect(count(s, 'select count(*) as n from processed_mutations')).toBe(0);
		crashOn = null;
		const { results } = PushResponse.parse(await (await s.push(cookie, [a, b])).json());
		expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
		expect(results.map((r) => r.referral?.reference)).toEqual(['CR-2026-00001', 'CR-2026-00002']);
		const again = PushResponse.parse(await (await s.push(cookie, [a, b])).json());
		expect(again.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
	});
});

describe('a batch with a rejected mutation in the middle', () => {
	it('applies the others, and the rejected one leaves nothing behind', async () => {
		const s = (server = createTestServer());
		const cookie = await s.login('cllr.ahmed');
		const [a, c] = [createMutation(), createMutation()];
		const orphan = mutation(randomUUID(), 'comment', { text: 'For a referral not sent yet' });
		const { results } = PushResponse.parse(await (await s.push(cookie, [a, orphan, c])).json());
		expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
		expect(count(s, 'select count(*) as n from referrals')).toBe(2);
		expect(count(s, 'select count(*) as n from processed_mutations where id = ?', orphan.id)).toBe(
			0
		);
		expect(count(s, 'select count(*) as n from processed_mutations')).toBe(2);
	});
});

// n referrals, each with a create and a comment; every mutation delivered at least once plus
// random repeats, in a random order, split into random batches.
const scenario = fc
	.record({
		referralCount: fc.integer({ min: 1, max: 4 }),
		extras: fc.array(fc.nat(), { maxLength: 20 }),
		batches: fc.integer({ min: 1, max: 5 })
	})
	.chain(({ referralCount, extras, batches }) => {
		const indices = [
			...Array.from({ length: referralCount * 2 }, (_, i) => i),
			...extras.map((e) => e % (referralCount * 2))
		];
		return fc
			.shuffledSubarray(indices, { minLength: indices.length, maxLength: indices.length })
			.map((order) => ({ referralCount, order, batches }));
	});

describe('property: duplicated deliveries in any order', () => {
	it('every referral exists exactly once, with exactly one copy of its comment', async () => {
		const s = (server = createTestServer());
		const cookie = await s.login('cllr.ahmed');
		await fc.assert(
			fc.asyncProperty(scenario, async ({ referralCount, order, batches }) => {
				const creates = Array.from({ length: referralCount }, () => createMutation());
				const comments = creates.map((c) =>
					mutation(c.referralId, 'comment', { text: 'Resident rang again' })
				);
				const all = [...creates, ...comments];
				const deliveries = order.map((i) => all[i]);
				const size = Math.ceil(deliveries.length / batches);
				for (let i = 0; i < deliveries.length; i += size) {
					const res = await s.push(cookie, deliveries.slice(i, i + size));
					expect(res.status).toBe(200);
				}
				// A comment that came before its create was rejected; the tablet keeps it and resends.
				const final = PushResponse.parse(await (await s.push(cookie, all)).json());
				const statuses = final.results.map((r) => r.status);
				expect(statuses.slice(0, referralCount).every((st) => st === 'duplicate')).toBe(true);
				expect(
					statuses.slice(referralCount).every((st) => st === 'duplicate' || st === 'applied')
				).toBe(true);

				for (const c of creates) {
					expect(count(s, 'select count(*) as n from referrals where id = ?', c.referralId)).toBe(
						1
					);
					expect(
						count(
							s,
							"select count(*) as n from timeline_entries where referral_id = ? and kind = 'comment'",
							c.referralId
						)
					).toBe(1);
				}
			}),
			{ numRuns: 40 }
		);
	});
});

describe('a mutation id used again', () => {
	it('for a different change is rejected with the reason, and the change is not counted as stored', async () => {
		const s = (server = createTestServer());
		const cookie = await s.login('cllr.ahmed');
		const first = createMutation();
		const comment = mutation(first.referralId, 'comment', { text: 'Resident rang again' });
		await s.push(cookie, [first, comment]);
		// A create reusing the comment's id: before fingerprints it was answered "duplicate".
		const reused = createMutation({ id: comment.id });
		const { results } = PushResponse.parse(await (await s.push(cookie, [reused])).json());
		expect(results[0].status).toBe('rejected');
		expect(results[0].reason).toMatch(
			/new referral.*already used for a different change to CR-2026-00001/
		);
		expect(count(s, 'select count(*) as n from referrals where id = ?', reused.referralId)).toBe(0);
		// Another payload for the same id and referral is refused too, naming the change.
		const altered = { ...comment, payload: { text: 'Something else' } };
		const again = PushResponse.parse(await (await s.push(cookie, [altered])).json());
		expect(again.results[0]).toMatchObject({ status: 'rejected' });
		expect(again.results[0].reason).toMatch(/a comment/);
	});

	it('for the same change, its keys in another order, is a duplicate', async () => {
		const s = (server = createTestServer());
		const cookie = await s.login('cllr.ahmed');
		const m = createMutation();
		await s.push(cookie, [m]);
		const reordered = {
			...m,
			payload: Object.fromEntries(Object.entries(m.payload as object).reverse())
		};
		const { results } = PushResponse.parse(await (await s.push(cookie, [reordered])).json());
		expect(results[0].status).toBe('duplicate');
	});

	it('whose stored row has no fingerprint (kept before them) is still a duplicate', async () => {
		const s = (server = createTestServer());
		const cookie = await s.login('cllr.ahmed');
		const m = createMutation();
		await s.push(cookie, [m]);
		s.sqlite.prepare('update processed_mutations set fingerprint = null').run();
		const other = createMutation({ id: m.id, referralId: m.referralId });
		const { results } = PushResponse.parse(
			await (
				await s.push(cookie, [
					{ ...other, payload: { ...(createMutation().payload as object), description: 'x' } }
				])
			).json()
		);
		expect(results[0].status).toBe('duplicate');
	});
});
