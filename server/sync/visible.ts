// Which referrals this user may see now: ids only, so a tablet can drop the copies it holds of
// referrals it no longer may see (passed to another unit, a Member no longer supported...).
import { asc } from 'drizzle-orm';
import type { VisibleResponse } from '#domain/sync-protocol';
import type { AppDeps, SessionUser } from '../context.ts';
import { referrals } from '../db/schema.ts';
import { visibleTo } from '../referrals/access.ts';

/**
 * The ids of every referral the user may see (the same rule as pull), sorted. Only the id column
 * is read: an admin may see some 20,000 referrals, and a tablet asks about once an hour.
 *
 * No audit row, unlike pull: pull hands out personal data, one 'pull' row per referral sent;
 * this answer holds only opaque ids of referrals the user may already see (nothing about a
 * resident, the issue or its place), and one row per id would write an admin's 20,000 rows an
 * hour per tablet for no one's benefit.
 */
export function visibleReferralIds(deps: AppDeps, user: SessionUser): VisibleResponse {
	const rows = deps.db
		.select({ id: referrals.id })
		.from(referrals)
		.where(visibleTo(deps.db, user))
		.orderBy(asc(referrals.id))
		.all();
	return { ids: rows.map((row) => row.id) };
}
