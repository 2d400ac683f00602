import { afterEach, describe, expect, it } from 'vitest';
import type { WardlineDb } from './db.ts';
import { saveDraft, saveNewReferral } from './referrals.ts';
import {
	clearUserData,
	createSettingsStore,
	getCachedUser,
	getCursor,
	getDeviceId,
	getLastSyncAt,
	setCachedUser,
	setCursor,
	setLastSyncAt
} from './settings.ts';
import { freshDb, sampleCreate, testDeps } from './testing/test-fixtures.ts';

let db: WardlineDb;
afterEach(async () => {
	await db?.delete();
});

const user = {
	id: 'u1',
	username: 'cllr.ada',
	displayName: 'Cllr Ada',
	role: 'member' as const,
	wardId: 'w1',
	unitId: null
};

describe('settings', () => {
	it('make the device id once and keep it', async () => {
		const store = createSettingsStore('settings-device');
		const first = await getDeviceId(store);
		expect(first).toMatch(/^[0-9a-f-]{36}$/);
		expect(await getDeviceId(store)).toBe(first);
	});

	it('remember the last sync and the signed-in user', async () => {
		const store = createSettingsStore('settings-user');
		expect(await getLastSyncAt(store)).toBeNull();
		await setLastSyncAt('2026-03-02T09:00:00.000Z', store);
		await setCachedUser(user, store);
		expect(await getLastSyncAt(store)).toBe('2026-03-02T09:00:00.000Z');
		expect(await getCachedUser(store)).toEqual(user);
		await setCachedUser(null, store);
		expect(await getCachedUser(store)).toBeNull();
	});

	it('keep the cursor in the database', async () => {
		db = freshDb('cursor');
		expect(await getCursor(db)).toBe(0);
		await setCursor(db, 99);
		expect(await getCursor(db)).toBe(99);
	});

	it('refuse to clear user data while changes wait to be sent', async () => {
		db = freshDb('clear-refused');
		const store = createSettingsStore('settings-clear-refused');
		const deps = testDeps();
		await saveNewReferral(
			db,
			{ id: deps.newId(), ownerId: 'u1', payload: sampleCreate(), photos: [] },
			deps
		);
		expect(await clearUserData(db, store)).toBe(false);
		expect(await db.referrals.count()).toBe(1);
	});

	it("clear the previous user's referrals, drafts, kept sent changes, read marks, cursor and sign-in, keeping reference data", async () => {
		db = freshDb('clear');
		const store = createSettingsStore('settings-clear');
		const deps = testDeps();
		await saveNewReferral(
			db,
			{ id: deps.newId(), ownerId: 'u1', payload: sampleCreate(), photos: [] },
			deps
		);
		// The create as if the server had acknowledged it: kept against a restore, personal data too.
		const [sent] = await db.outbox.toArray();
		await db.acknowledged.put({ ...sent, acknowledgedAt: '2026-03-02T09:00:00.000Z' });
		await db.outbox.clear();
		await db.readMarks.put({ referralId: 'r1', respondedAt: '2026-03-02T09:00:00.000Z', sent: 1 });
		await saveDraft(db, 'form', { a: 1 });
		await setCursor(db, 5);
		await db.meta.put({ key: 'reference', value: { wards: [] } });
		await setCachedUser(user, store);
		expect(await clearUserData(db, store)).toBe(true);
		expect([
			await db.referrals.count(),
			await db.drafts.count(),
			await getCursor(db),
			await db.acknowledged.count(),
			await db.readMarks.count()
		]).toEqual([0, 0, 0, 0, 0]);
		expect(await db.meta.get('reference')).toBeDefined();
		expect(await getCachedUser(store)).toBeNull();
	});
});
