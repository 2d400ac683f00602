// Closing a referral as the same problem as another: both Members told, both answered together.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServerReferral } from '#domain/referral';
import { createMutation, createTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let ahmed: string;
let brown: string;
let officer: string;
let mainId: string;
let duplicateId: string;
beforeEach(async () => {
	server = createTestServer();
	ahmed = await server.login('cllr.ahmed');
	brown = await server.login('cllr.brown');
	officer = await server.login('officer.highways');
	const main = createMutation();
	const duplicate = createMutation();
	mainId = main.referralId;
	duplicateId = duplicate.referralId;
	await server.push(ahmed, [main]);
	await server.push(brown, [duplicate]);
});
afterEach(() => server.close());

const get = async (cookie: string, id: string) =>
	ServerReferral.parse(await (await server.request(`/api/referrals/${id}`, { cookie })).json());

const mark = (cookie: string, id: string, main: string) =>
	server.request(`/api/referrals/${id}/duplicate-of`, {
		method: 'POST',
		cookie,
		json: { mainId: main }
	});

describe('marking a referral as a duplicate of another', () => {
	it('closes it pointing at the other, tells both Members, and answers both with the main one', async () => {
		const res = await mark(officer, duplicateId, mainId);
		expect(res.status).toBe(200);
		const closed = ServerReferral.parse(await res.json());
		const main = await get(officer, mainId);
		expect(closed).toMatchObject({ status: 'closed', duplicateOfId: mainId, respondedAt: null });
		expect(closed.timeline.at(-1)?.text).toBe(
			`Closed as the same problem as ${main.reference}: it will be answered together with it`
		);
		expect((await get(ahmed, mainId)).timeline.at(-1)?.text).toBe(
			`${closed.reference} is the same problem and was closed as a duplicate; it will be answered with this one`
		);

		const answered = await server.request(`/api/referrals/${mainId}/responses`, {
			method: 'POST',
			cookie: officer,
			json: { text: 'Filled on Monday.' }
		});
		expect(answered.status).toBe(200);
		const forBrown = await get(brown, duplicateId);
		expect(forBrown.status).toBe('closed');
		expect(forBrown.respondedAt).not.toBeNull();
		expect(forBrown.timeline.at(-1)).toMatchObject({ kind: 'response', text: 'Filled on Monday.' });
		expect((await get(ahmed, mainId)).status).toBe('responded');
	});

	it('refuses what makes no sense, and changes nothing', async () => {
		const before = server.sqlite.prepare('select count(*) as n from timeline_entries').get();
		const cases: [string, string, string, number, string][] = [
			[officer, duplicateId, duplicateId, 400, 'cannot be a duplicate of itself'],
			[officer, duplicateId, 'referral-nobody', 400, 'Choose a referral your team has'],
			[ahmed, mainId, duplicateId, 403, 'Only the service team'],
			[await server.login('admin'), duplicateId, duplicateId, 400, 'itself']
		];
		for (const [cookie, id, main, status, message] of cases) {
			const res = await mark(cookie, id, main);
			expect(res.status, message).toBe(status);
			expect(await res.text()).toContain(message);
		}
		expect(server.sqlite.prepare('select count(*) as n from timeline_entries').get()).toEqual(
			before
		);
		expect((await get(officer, duplicateId)).status).toBe('routed');
	});

	it('keeps to one level: no duplicate of a duplicate, nor of an answered referral', async () => {
		const third = createMutation();
		await server.push(ahmed, [third]);
		expect((await mark(officer, duplicateId, mainId)).status).toBe(200);
		const ofDuplicate = await mark(officer, third.referralId, duplicateId);
		expect(ofDuplicate.status).toBe(400);
		expect(await ofDuplicate.text()).toContain('is itself a duplicate');
		const mainWithDuplicates = await mark(officer, mainId, third.referralId);
		expect(mainWithDuplicates.status).toBe(400);
		expect(await mainWithDuplicates.text()).toContain('stays the main one');
		await server.request(`/api/referrals/${mainId}/responses`, {
			method: 'POST',
			cookie: officer,
			json: { text: 'Done.' }
		});
		const ofAnswered = await mark(officer, third.referralId, mainId);
		expect(ofAnswered.status).toBe(400);
		expect(await ofAnswered.text()).toContain('answered or closed already');
	});
});
