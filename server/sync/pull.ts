// Pull: the referrals this user may see that changed after the cursor, oldest change first.
import { and, asc, count, gt } from 'drizzle-orm';
import type { PullResponse } from '#domain/sync-protocol';
import type { AppDeps, SessionUser } from '../context.ts';
import { currentEpoch } from '../db/epoch.ts';
import { referrals } from '../db/schema.ts';
import { visibleTo } from '../referrals/access.ts';
import { audit } from '../referrals/audit.ts';
import { currentChangeNo, toServerReferrals } from '../referrals/store.ts';

/**
 * A cursor is the change number caught up to, and (since issue 12) the epoch it was given in. A
 * cursor from another epoch, or ahead of the counter (a database restored from a backup), is not
 * taken: the page starts from the beginning and says `reset`, so the tablet pulls everything and
 * sends again what it holds. A cursor without an epoch (an older tablet) is taken as before.
 */
export interface PullCursor {
	since: number;
	epoch?: string;
}

export function pullChanges(
	deps: AppDeps,
	user: SessionUser,
	cursor: PullCursor,
	limit: number
): PullResponse {
	// One transaction, so the page, the counter and the audit of what was sent agree.
	return deps.sqlite.transaction((): PullResponse => {
		const { response, referralIds } = readPullPage(deps, user, cursor, limit);
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
	cursor: PullCursor,
	limit: number
): { response: PullResponse; referralIds: string[] } {
	return deps.sqlite.transaction(() => {
		const epoch = currentEpoch(deps.sqlite);
		const reset =
			(cursor.epoch !== undefined && cursor.epoch !== epoch) ||
			cursor.since > currentChangeNo(deps.db);
		const since = reset ? 0 : cursor.since;
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
		const next = more ? page[page.length - 1].changeNo : Math.max(since, currentChangeNo(deps.db));
		// How many more the tablet will be sent, for its "12,400 of 20,000" (issue 17).
		const remaining = more
			? (deps.db
					.select({ n: count() })
					.from(referrals)
					.where(and(gt(referrals.changeNo, next), visibleTo(deps.db, user)))
					.get()?.n ?? 0)
			: 0;
		return {
			response: {
				referrals: toServerReferrals(deps.db, page),
				cursor: next,
				more,
				remaining,
				epoch,
				...(reset ? { reset: true } : {})
			},
			referralIds: page.map((r) => r.id)
		};
	})();
}
