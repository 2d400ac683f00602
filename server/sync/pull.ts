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
	// One transaction, so the page, the counter and the audit of what was sent agree.
	return deps.sqlite.transaction((): PullResponse => {
		const { response, referralIds } = readPullPage(deps, user, since, limit);
		audit(deps, user, 'pull', referralIds);
		return response;
	})();
}

/**
 * The page of a pull, read in one read transaction, and which referrals it holds (for the audit,
 * which the caller writes). Reads only: a reader thread runs it on its own read-only connection.
 */
export function readPullPage(
	deps: Pick<AppDeps, 'db' | 'sqlite'>,
	user: SessionUser,
	since: number,
	limit: number
): { response: PullResponse; referralIds: string[] } {
	return deps.sqlite.transaction(() => {
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
		return {
			response: { referrals: toServerReferrals(deps.db, page), cursor, more },
			referralIds: page.map((r) => r.id)
		};
	})();
}
