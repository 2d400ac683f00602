// Statements built and prepared once per database, for the hot paths (a push of a year's
// referrals runs each of them thousands of times). Building a drizzle query and preparing it in
// SQLite costs far more than running it, so a query used per mutation is declared with
// `sql.placeholder(...)` values and prepared here on first use.
import type { Db } from './open.ts';

/** `build` runs once per database; later calls on the same database get the same result. */
export function preparedOnce<T>(build: (db: Db) => T): (db: Db) => T {
	const cache = new WeakMap<Db, T>();
	return (db) => {
		let prepared = cache.get(db);
		if (prepared === undefined) {
			prepared = build(db);
			cache.set(db, prepared);
		}
		return prepared;
	};
}
