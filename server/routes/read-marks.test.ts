// /api/read-marks: a person's read marks, kept per person (not per tablet), only on referrals
// they may see, and never moved back to an older answer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReadMarksResponse } from '#domain/read-marks';
import { PushResponse } from '#domain/sync-protocol';
import { createMutation, createTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let ahmed: string;
beforeEach(async () => {
	server = createTestServer();
	ahmed = await server.login('cllr.ahmed');
});
afterEach(() => server.close());

async function capture(cookie: string): Promise<string> {
	const m = createMutation();
	const res = await server.push(cookie, [m]);
	expect(PushResponse.parse(await res.json()).results[0].status).toBe('applied');
	return m.referralId;
}

async function marks(cookie: string, put?: unknown) {
	const res = await server.request('/api/read-marks', {
		cookie,
		...(put === undefined ? {} : { method: 'PUT', json: put })
	});
	expect(res.status).toBe(200);
	return ReadMarksResponse.parse(await res.json()).marks;
}

describe('/api/read-marks', () => {
	it('keeps a mark for the person, so another session (another tablet) sees it', async () => {
		const id = await capture(ahmed);
		const mark = { referralId: id, respondedAt: '2026-11-20T10:00:00.000Z' };
		expect(await marks(ahmed, { marks: [mark] })).toEqual([mark]);
		expect(await marks(await server.login('cllr.ahmed'))).toEqual([mark]);
	});

	it('never moves a mark back to an older answer', async () => {
		const id = await capture(ahmed);
		await marks(ahmed, { marks: [{ referralId: id, respondedAt: '2026-11-20T10:00:00.000Z' }] });
		const after = await marks(ahmed, {
			marks: [{ referralId: id, respondedAt: '2026-11-01T10:00:00.000Z' }]
		});
		expect(after).toEqual([{ referralId: id, respondedAt: '2026-11-20T10:00:00.000Z' }]);
	});

	it("ignores marks on someone else's referral and keeps them apart per person", async () => {
		const brown = await server.login('cllr.brown');
		const theirs = await capture(brown);
		const at = '2026-11-20T10:00:00.000Z';
		expect(await marks(ahmed, { marks: [{ referralId: theirs, respondedAt: at }] })).toEqual([]);
		expect(await marks(brown)).toEqual([]);
		// Not kept either: a mark is only stored where the person may see the referral.
		const stored = server.sqlite.prepare('select count(*) as n from read_marks').get() as {
			n: number;
		};
		expect(stored.n).toBe(0);
	});

	it('refuses a bad body with a reason and stores nothing', async () => {
		const id = await capture(ahmed);
		const res = await server.request('/api/read-marks', {
			method: 'PUT',
			cookie: ahmed,
			json: { marks: [{ referralId: id, respondedAt: 'yesterday' }] }
		});
		expect(res.status).toBe(400);
		expect(((await res.json()) as { message: string }).message).toMatch(/respondedAt/);
		expect(await marks(ahmed)).toEqual([]);
		expect((await server.request('/api/read-marks')).status).toBe(401);
	});
});
