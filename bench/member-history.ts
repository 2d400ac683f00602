// What the pull benchmarks load: `count` referrals over ten years, all one Member's, so a
// Member's tablet pulls every one of them.
import type { Db, Sqlite } from '../server/db/open.ts';
import { generateReferrals } from '../server/demo/generate-referrals.ts';
import { insertReferrals } from '../server/demo/insert-referrals.ts';
import { daysBefore, generatorInputs } from '../server/testing/insights-fixtures.ts';

export function seedMemberHistory(db: Db, sqlite: Sqlite, count: number, now = new Date()): void {
	insertReferrals(
		db,
		generateReferrals({
			...generatorInputs(db),
			seed: 7,
			count,
			from: daysBefore(3650, now),
			to: now,
			now
		})
	);
	sqlite.exec("update referrals set owner_id = 'user-cllr-ahmed', photo_ids = '[]'");
}
