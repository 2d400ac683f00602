// Test kit: one behavioural suite for every server a tablet syncs with, in the manner of tldraw's
// storage contract suite. The fake server (fake-server.contract.test.ts) and the real app through
// the HTTP transport (src/lib/local/real-server.contract.test.ts) both run it, so they cannot drift.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeEdit } from '../../domain/mutations.ts';
import type { CreateReferralInput, ServerReferral } from '../../domain/referral.ts';
import type { Mutation, MutationKind, MutationResult } from '../../domain/sync-protocol.ts';
import type { SyncTransport } from '../types.ts';

/** A server under test, as the suite needs to drive it. */
export interface SyncServerUnderTest {
	/** What a Member's tablet syncs through. */
	member: SyncTransport;
	/** Another Member's tablet. */
	otherMember: SyncTransport;
	/** A `create` payload this server accepts (its wards and categories), with overrides. */
	createPayload(overrides?: Partial<CreateReferralInput>): CreateReferralInput;
	/** A category this server does not know. */
	unknownCategoryId: string;
	/** The service team answers the referral: it is responded, with the answer on its timeline. */
	answer(referralId: string, text: string): Promise<void>;
	/** The service team closes an answered referral. */
	close(referralId: string): Promise<void>;
	/**
	 * Puts a routed referral back before routing. Nothing in the API does this (both servers route
	 * a referral on arrival); the suite uses it to pin what an edit does while the Member owns it.
	 */
	unroute(referralId: string): Promise<void>;
	dispose(): Promise<void> | void;
}

const createdAt = '2026-03-02T08:40:00.000Z';
// A real 4 x 3 JPEG (the same as server/testing/test-photos.ts): the real server decodes photos.
const tinyJpeg = Uint8Array.from(
	atob(
		'/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAADAAQDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAH/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAAAwb/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCgBQD/2Q=='
	),
	(c) => c.charCodeAt(0)
);

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', bytes);
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function describeSyncServerContract(
	name: string,
	start: () => Promise<SyncServerUnderTest>
): void {
	describe(`the sync server contract: ${name}`, () => {
		let server: SyncServerUnderTest;
		beforeEach(async () => {
			server = await start();
		});
		afterEach(async () => {
			await server.dispose();
		});

		function createMutation(overrides: Partial<CreateReferralInput> = {}): Mutation {
			return {
				id: crypto.randomUUID(),
				referralId: crypto.randomUUID(),
				kind: 'create',
				payload: server.createPayload(overrides),
				createdAt
			};
		}

		function change(referralId: string, kind: MutationKind, payload: unknown): Mutation {
			return { id: crypto.randomUUID(), referralId, kind, payload, createdAt };
		}

		async function push(
			mutations: Mutation[],
			transport = server.member
		): Promise<MutationResult[]> {
			const answer = await transport.push({ deviceId: 'contract-tablet', mutations });
			if (!answer.ok) throw new Error(`push failed: ${answer.message}`);
			return answer.value.results;
		}

		async function pullPage(since: number, limit: number, transport = server.member) {
			const answer = await transport.pull(since, limit);
			if (!answer.ok) throw new Error(`pull failed: ${answer.message}`);
			return answer.value;
		}

		/** Everything the Member may see, page after page. */
		async function pullAll(transport = server.member): Promise<ServerReferral[]> {
			const all: ServerReferral[] = [];
			for (let since = 0, more = true; more;) {
				const page = await pullPage(since, 200, transport);
				all.push(...page.referrals);
				({ cursor: since, more } = page);
			}
			return all;
		}

		async function pulled(referralId: string): Promise<ServerReferral> {
			const found = (await pullAll()).find((r) => r.id === referralId);
			if (!found) throw new Error(`referral ${referralId} was not pulled`);
			return found;
		}

		/** A referral the Member captured, now on the server; and its timeline as it arrived. */
		async function captured(overrides: Partial<CreateReferralInput> = {}) {
			const m = createMutation(overrides);
			const [result] = await push([m]);
			expect(result.status).toBe('applied');
			const arrived = await pulled(m.referralId);
			return { id: m.referralId, mutation: m, arrived };
		}

		/** What the changes after arrival added to the timeline. */
		const added = (referral: ServerReferral, arrived: ServerReferral) =>
			referral.timeline.slice(arrived.timeline.length).map((e) => ({ kind: e.kind, text: e.text }));

		describe('push', () => {
			it('a create is applied: it gets its reference, is routed at once, and is pulled back as captured', async () => {
				const m = createMutation({ urgency: 'soon' });
				const [result] = await push([m]);
				expect(result).toEqual({
					id: m.id,
					status: 'applied',
					referral: {
						id: m.referralId,
						reference: expect.stringMatching(/^CR-\d{4}-\d{5}$/),
						status: 'routed'
					}
				});
				const referral = await pulled(m.referralId);
				const payload = server.createPayload({ urgency: 'soon' });
				expect(referral).toMatchObject({
					id: m.referralId,
					reference: result.referral?.reference,
					status: 'routed',
					urgency: 'soon',
					description: payload.description,
					location: { address: payload.location.address },
					resident: { name: payload.resident.name, consentToShare: false },
					respondedAt: null,
					residentToldAt: null,
					rating: null
				});
				expect(referral.unitId).not.toBeNull();
				expect(referral.dueAt).not.toBeNull();
				expect(referral.timeline.map((e) => e.kind)).toContain('routed');
			});

			it('a mutation pushed again is applied once, and answered duplicate with the referral as it is now', async () => {
				const { id, mutation, arrived } = await captured();
				const comment = change(id, 'comment', { text: 'Resident rang again' });
				expect((await push([comment]))[0].status).toBe('applied');
				await server.answer(id, 'Filled on Tuesday');
				const [again, commentAgain] = await push([mutation, comment]);
				expect(again).toEqual({
					id: mutation.id,
					status: 'duplicate',
					referral: { id, reference: arrived.reference, status: 'responded' }
				});
				expect(commentAgain).toMatchObject({ id: comment.id, status: 'duplicate' });
				const all = await pullAll();
				expect(all.map((r) => r.id)).toEqual([id]);
				expect(all[0].timeline.filter((e) => e.text === 'Resident rang again')).toHaveLength(1);
			});

			it('the same referral under a new mutation id is a duplicate, not a second referral', async () => {
				const { id, mutation, arrived } = await captured();
				const [again] = await push([{ ...mutation, id: crypto.randomUUID() }]);
				expect(again).toMatchObject({
					status: 'duplicate',
					referral: { id, reference: arrived.reference }
				});
				expect((await pullAll()).map((r) => r.id)).toEqual([id]);
			});

			it('a create the server cannot take is rejected with its reason, and the rest of the batch applies', async () => {
				const good = createMutation();
				const unknown = createMutation({ categoryId: server.unknownCategoryId });
				const alsoGood = createMutation();
				const results = await push([good, unknown, alsoGood]);
				expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
				expect(results[1]).toEqual({
					id: unknown.id,
					status: 'rejected',
					reason: 'Unknown category'
				});
				expect((await pullAll()).map((r) => r.id).sort()).toEqual(
					[good.referralId, alsoGood.referralId].sort()
				);
			});

			it('a rejection leaves no trace: the same mutation applies once its photo has arrived', async () => {
				const photoId = crypto.randomUUID();
				const m = createMutation({ photoIds: [photoId] });
				expect(await push([m])).toEqual([
					{
						id: m.id,
						status: 'rejected',
						reason: 'A photo has not arrived yet; it will be sent again'
					}
				]);
				const upload = await server.member.putAttachment(
					photoId,
					new Blob([tinyJpeg], { type: 'image/jpeg' }),
					'image/jpeg',
					await sha256Hex(tinyJpeg)
				);
				expect(upload.ok).toBe(true);
				expect((await push([m]))[0]).toMatchObject({ id: m.id, status: 'applied' });
				expect((await pulled(m.referralId)).photoIds).toEqual([photoId]);
			});

			it('a change is rejected for a referral the server does not have, and for another Member’s', async () => {
				const { id } = await captured();
				const [missing] = await push([change(crypto.randomUUID(), 'comment', { text: 'Hello' })]);
				// Coded, so that a tablet keeps it waiting for the referral (another tablet may send it).
				expect(missing).toMatchObject({
					status: 'rejected',
					reason: 'This referral has not reached the server yet',
					code: 'referral-missing'
				});
				const [notTheirs] = await push(
					[change(id, 'comment', { text: 'Mine now' })],
					server.otherMember
				);
				expect(notTheirs).toMatchObject({
					status: 'rejected',
					reason: 'You cannot change this referral'
				});
			});

			it('a malformed change is rejected with what is wrong with it, before the referral is looked for', async () => {
				const [blank] = await push([change(crypto.randomUUID(), 'comment', { text: '   ' })]);
				expect(blank).toMatchObject({
					status: 'rejected',
					reason: 'text: Write the note before sending it'
				});
				const [nothing] = await push([change(crypto.randomUUID(), 'edit', {})]);
				expect(nothing).toMatchObject({ status: 'rejected', reason: 'Nothing was changed' });
			});
		});

		describe('what a change does', () => {
			it('before routing an edit changes the Member’s fields, urgency included, and leaves no note', async () => {
				const { id, arrived } = await captured();
				await server.unroute(id);
				const edit = { description: 'Two potholes now', urgency: 'urgent' };
				const [result] = await push([change(id, 'edit', edit)]);
				expect(result).toMatchObject({ status: 'applied', referral: { status: 'submitted' } });
				const referral = await pulled(id);
				expect(referral).toMatchObject(edit);
				expect(added(referral, arrived)).toEqual([]);
			});

			it('after routing an edit becomes a note to the service team, and the fields stay', async () => {
				const { id, arrived } = await captured();
				const edit = { description: 'Two potholes now', urgency: 'urgent' as const };
				expect((await push([change(id, 'edit', edit)]))[0].status).toBe('applied');
				const referral = await pulled(id);
				expect(referral).toMatchObject({
					description: arrived.description,
					urgency: arrived.urgency
				});
				expect(added(referral, arrived)).toEqual([{ kind: 'comment', text: describeEdit(edit) }]);
			});

			it('"resident told" and a rating wait for the answer, then are recorded', async () => {
				const { id } = await captured();
				const told = change(id, 'residentTold', {});
				const rate = change(id, 'rate', { score: 4, comment: 'Quick' });
				expect(await push([told, rate])).toEqual([
					{
						id: told.id,
						status: 'rejected',
						reason: 'You can tell the resident once the service team has answered'
					},
					{
						id: rate.id,
						status: 'rejected',
						reason: 'You can rate the answer once the service team has responded'
					}
				]);
				await server.answer(id, 'Filled on Tuesday');
				const answered = await pulled(id);
				expect((await push([told, rate])).map((r) => r.status)).toEqual(['applied', 'applied']);
				const referral = await pulled(id);
				expect(referral.residentToldAt).not.toBeNull();
				expect(referral.rating).toBe(4);
				expect(added(referral, answered)).toEqual([
					{ kind: 'resident_told', text: 'Resident told about the answer' },
					{ kind: 'rating', text: 'Rated the answer 4 out of 5: Quick' }
				]);
			});

			it('reopening needs an answer, happens once, and never to a closed referral', async () => {
				const { id } = await captured();
				const reopen = () => change(id, 'reopen', { reason: 'Still broken' });
				expect((await push([reopen()]))[0]).toMatchObject({
					status: 'rejected',
					reason: 'A routed referral can only move to in progress or rejected.'
				});
				await server.answer(id, 'Filled on Tuesday');
				const answered = await pulled(id);
				const [first, second] = await push([reopen(), reopen()]);
				expect(first).toMatchObject({ status: 'applied', referral: { status: 'reopened' } });
				expect(second).toMatchObject({
					status: 'rejected',
					reason: 'The referral is already reopened.'
				});
				const referral = await pulled(id);
				expect(referral.status).toBe('reopened');
				expect(added(referral, answered)).toEqual([
					{ kind: 'reopened', text: 'Reopened: Still broken' }
				]);

				const other = await captured();
				await server.answer(other.id, 'Done');
				await server.close(other.id);
				expect((await push([change(other.id, 'reopen', { reason: 'No' })]))[0]).toMatchObject({
					status: 'rejected',
					reason: 'A closed referral cannot change status.'
				});
			});
		});

		describe('pull and visible', () => {
			it('pull pages through what changed after the cursor, oldest change first, then brings nothing', async () => {
				const ids: string[] = [];
				for (let n = 0; n < 5; n += 1) ids.push((await captured()).id);
				const seen: string[] = [];
				let since = 0;
				for (;;) {
					const page = await pullPage(since, 2);
					expect(page.referrals.length).toBeLessThanOrEqual(2);
					seen.push(...page.referrals.map((r) => r.id));
					expect(page.cursor).toBeGreaterThanOrEqual(since);
					since = page.cursor;
					if (!page.more) break;
				}
				expect(seen).toEqual(ids);
				// (A server may add its epoch: issue 12.)
				expect(await pullPage(since, 2)).toMatchObject({
					referrals: [],
					cursor: since,
					more: false
				});

				// A change moves its referral to the end of the stream: only it comes again.
				await push([change(ids[0], 'comment', { text: 'Any news?' })]);
				const next = await pullPage(since, 200);
				expect(next.referrals.map((r) => r.id)).toEqual([ids[0]]);
				expect(next.referrals[0].timeline.at(-1)).toMatchObject({
					kind: 'comment',
					text: 'Any news?'
				});
				expect(next.cursor).toBeGreaterThan(since);
			});

			it('a Member pulls and lists their own referrals only, sorted by id', async () => {
				const mine = [(await captured()).id, (await captured()).id, (await captured()).id];
				const theirs = createMutation();
				expect((await push([theirs], server.otherMember))[0].status).toBe('applied');
				const listed = await server.member.visible();
				expect(listed).toEqual({ ok: true, value: { ids: [...mine].sort() } });
				expect(await server.otherMember.visible()).toEqual({
					ok: true,
					value: { ids: [theirs.referralId] }
				});
				expect((await pullAll()).map((r) => r.id).sort()).toEqual([...mine].sort());
				expect((await pullAll(server.otherMember)).map((r) => r.id)).toEqual([theirs.referralId]);
			});
		});
	});
}
