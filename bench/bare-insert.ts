// The floor both push benchmarks measure against: the same referral rows written by one prepared
// statement in one bare better-sqlite3 transaction, no validation, routing or audit.
import { randomUUID } from 'node:crypto';
import type { Sqlite } from '../server/db/open.ts';

/** Inserts `count` referrals into a seeded database (demo wards and categories); returns ms. */
export function bareReferralInsert(sqlite: Sqlite, count: number): number {
	const insert = sqlite.prepare(
		`insert into referrals (id, reference, owner_id, created_by_id, device_id, ward_id, category_id,
		 unit_id, channel, urgency, status, description, location_address, location_postcode,
		 resident_name, resident_phone, resident_consent_to_share, photo_ids, captured_at, created_at,
		 updated_at, change_no)
		 values (?, ?, 'user-cllr-ahmed', 'user-cllr-ahmed', 'bench', 'ward-belah', 'cat-pothole',
		 (select unit_id from categories where id = 'cat-pothole'), 'surgery', 'routine', 'routed', ?, ?,
		 'CA1 1AA', ?, '01228 496000', 0, '[]', ?, ?, ?, ?)`
	);
	const now = new Date().toISOString();
	const started = performance.now();
	sqlite.transaction(() => {
		for (let i = 0; i < count; i += 1)
			insert.run(
				randomUUID(),
				`CR-2026-${String(i + 1).padStart(5, '0')}`,
				`Deep pothole outside number ${i + 1}`,
				`${i + 1} Warwick Road, Carlisle`,
				`Resident ${i + 1}`,
				now,
				now,
				now,
				i + 1
			);
	})();
	return performance.now() - started;
}
