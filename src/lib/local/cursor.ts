// Where the tablet's pull cursor is kept: the server's change number it has caught up to, and the
// server's epoch (its database's identity) that number belongs to.
// Its own module so settings and the lock screen can reset it without loading the sync store.
import type { WardlineDb } from './db.ts';

export const cursorKey = 'cursor';

export async function readCursor(db: WardlineDb): Promise<number> {
	const row = await db.meta.get(cursorKey);
	return typeof row?.value === 'number' ? row.value : 0;
}

export const epochKey = 'cursorEpoch';

export async function readEpoch(db: WardlineDb): Promise<string | null> {
	const row = await db.meta.get(epochKey);
	return typeof row?.value === 'string' ? row.value : null;
}
