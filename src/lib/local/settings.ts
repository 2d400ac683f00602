// Small settings kept in idb-keyval (device id, last sync, the signed-in user for offline
// starts, the auto-lock time); the sync cursor lives in the Dexie meta table so it commits with
// its pull page. Nothing here is personal data about residents.
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import type { Role } from '../domain/enums.ts';
import type { WardlineDb } from './db.ts';
import { cursorKey, epochKey, readCursor } from './cursor.ts';

export interface CachedUser {
	id: string;
	username: string;
	displayName: string;
	role: Role;
	wardId: string | null;
	unitId: string | null;
	/** The user's own contact details (printed on a Member's paper referral notes). */
	email?: string | null;
	phone?: string | null;
	/** For support officers: the Members they key in referrals for. */
	members?: { id: string; displayName: string; wardId: string | null }[];
}

let defaultStore: UseStore | undefined;
/** The store all settings use; tests pass their own from `createSettingsStore`. */
function settingsStore(store?: UseStore): UseStore {
	if (store) return store;
	defaultStore ??= createStore('wardline-settings', 'settings');
	return defaultStore;
}

export function createSettingsStore(dbName: string): UseStore {
	return createStore(dbName, 'settings');
}

const keys = {
	deviceId: 'deviceId',
	lastSyncAt: 'lastSyncAt',
	user: 'user',
	signedOut: 'signedOut',
	autoLockMinutes: 'autoLockMinutes'
} as const;

/** This tablet's id, made once and kept (the server records which device sent a change). */
export async function getDeviceId(store?: UseStore): Promise<string> {
	const existing = await get<string>(keys.deviceId, settingsStore(store));
	if (typeof existing === 'string' && existing.length > 0) return existing;
	const id = crypto.randomUUID();
	await set(keys.deviceId, id, settingsStore(store));
	return id;
}

export function getCursor(db: WardlineDb): Promise<number> {
	return readCursor(db);
}

export async function setCursor(db: WardlineDb, cursor: number): Promise<void> {
	await db.meta.put({ key: cursorKey, value: cursor });
}

export async function getLastSyncAt(store?: UseStore): Promise<string | null> {
	return (await get<string>(keys.lastSyncAt, settingsStore(store))) ?? null;
}

export async function setLastSyncAt(at: string, store?: UseStore): Promise<void> {
	await set(keys.lastSyncAt, at, settingsStore(store));
}

export async function getCachedUser(store?: UseStore): Promise<CachedUser | null> {
	return (await get<CachedUser>(keys.user, settingsStore(store))) ?? null;
}

export async function setCachedUser(user: CachedUser | null, store?: UseStore): Promise<void> {
	if (user === null) await del(keys.user, settingsStore(store));
	else await set(keys.user, user, settingsStore(store));
}

/**
 * Whether the user signed out on purpose. Their identity is kept (with signedOut = true) while
 * their unsent work is still on the tablet, so nobody else's sign-in can send it as their own.
 */
export async function getSignedOut(store?: UseStore): Promise<boolean> {
	return (await get<boolean>(keys.signedOut, settingsStore(store))) === true;
}

export async function setSignedOut(signedOut: boolean, store?: UseStore): Promise<void> {
	await set(keys.signedOut, signedOut, settingsStore(store));
}

export const defaultAutoLockMinutes = 10;
export const autoLockChoices = [1, 2, 5, 10, 15, 30, 60] as const;

/** How long the tablet may sit unused before it locks itself. */
export async function getAutoLockMinutes(store?: UseStore): Promise<number> {
	const stored = await get<number>(keys.autoLockMinutes, settingsStore(store));
	return typeof stored === 'number' && stored >= 1 && stored <= 60
		? stored
		: defaultAutoLockMinutes;
}

export async function setAutoLockMinutes(minutes: number, store?: UseStore): Promise<void> {
	if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60)
		throw new RangeError('Auto-lock must be between 1 and 60 minutes.');
	await set(keys.autoLockMinutes, minutes, settingsStore(store));
}

/**
 * Wipes another user's data from the tablet (when a different user signs in). Refuses, and
 * returns false, while the outbox still holds unsent or refused changes: those are someone's work.
 */
export async function clearUserData(db: WardlineDb, store?: UseStore): Promise<boolean> {
	const cleared = await db.transaction(
		'rw',
		[db.referrals, db.outbox, db.photos, db.drafts, db.meta, db.acknowledged, db.readMarks],
		async () => {
			if ((await db.outbox.count()) > 0) return false;
			// Reference data (wards, categories) is the council's, not the user's: it stays.
			await Promise.all([
				db.referrals.clear(),
				db.acknowledged.clear(),
				// Read marks are per person: the next user's answers must not show as read.
				db.readMarks.clear(),
				db.meta.delete(epochKey),
				db.photos.clear(),
				db.drafts.clear(),
				db.meta.delete(cursorKey)
			]);
			return true;
		}
	);
	if (cleared) {
		await del(keys.lastSyncAt, settingsStore(store));
		await del(keys.user, settingsStore(store));
	}
	return cleared;
}
