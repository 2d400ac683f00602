// The tablet's database, opened on first use (never during prerendering). Kept apart from the
// sync wiring so the first screen (sign-in or unlock) needs only Dexie, not the sync engine.
import { openWardlineDb, type WardlineDb } from '$lib/local/db.ts';

let database: WardlineDb | null = null;

export function db(): WardlineDb {
	database ??= openWardlineDb();
	return database;
}
