// Pull: the referrals this user may see that changed after the cursor, oldest change first.
import { and, asc, gt } from 'drizzle-orm';
import type { PullResponse } from '#domain/sync-protocol';
import type { AppDeps, SessionUser } from '../context.ts';
import { referrals } from '../db/schema.ts';
import { visibleTo } from '../referrals/access.ts';
import { audit } from '../referrals/audit.ts';
import { currentChangeNo, toServerReferrals } from '../referrals/store.ts';

export function pullChanges(
	deps: AppDeps,
	user: SessionUser,
	since: number,
	limit: number
): PullResponse {
	// One read transaction, so the page and the counter agree with each other.
	return deps.sqlite.transaction((): PullResponse => {
		const rows = deps.db
			.select()
			.from(referrals)
			.where(and(gt(referrals.changeNo, since), visibleTo(deps.db, user)))
			.orderBy(asc(referrals.changeNo))
			.limit(limit + 1)
			.all();
		const more = rows.length > limit;
		const page = more ? rows.slice(0, limit) : rows;
		// With nothing more to send, jump to the newest change so the next pull skips what
		// this user cannot see anyway.
		const cursor = more
			? page[page.length - 1].changeNo
			: Math.max(since, currentChangeNo(deps.db));
		audit(
			deps,
			user,
			'pull',
			page.map((r) => r.id)
		);
		return { referrals: toServerReferrals(deps.db, page), cursor, more };
	})();
}
