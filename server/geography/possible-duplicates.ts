// "Possibly the same problem" on the server: open referrals of the category from the last 30
// days, matched by the shared rule (#domain/possible-duplicates). Everyone may learn that one
// exists (reference, category, street without house number, date); only those who may see it
// are given its id to open it. Nothing about the resident, nor the description, is sent.
import { and, desc, eq, gte, inArray, ne } from 'drizzle-orm';
import {
	duplicateMatch,
	type DuplicateProbe,
	type PossibleDuplicate
} from '#domain/possible-duplicates';
import { statuses } from '#domain/enums';
import { isOpen } from '#domain/status-machine';
import { streetOf } from '#domain/street';
import type { Status } from '#domain/enums';
import type { SessionUser } from '../context.ts';
import type { Db } from '../db/open.ts';
import { referrals } from '../db/schema.ts';
import { visibleTo } from '../referrals/access.ts';

const openStatuses = statuses.filter(isOpen);
const maxShown = 10;
const order = { nearby: 0, street: 1, postcode: 2 } as const;

export function possibleDuplicates(
	db: Db,
	user: SessionUser,
	probe: DuplicateProbe & { excludeId?: string },
	now: Date
): PossibleDuplicate[] {
	const since = new Date(now.getTime() - 30 * 86_400_000).toISOString();
	const candidates = db
		.select({
			id: referrals.id,
			reference: referrals.reference,
			categoryId: referrals.categoryId,
			status: referrals.status,
			createdAt: referrals.createdAt,
			address: referrals.locationAddress,
			postcode: referrals.locationPostcode,
			lat: referrals.lat,
			lng: referrals.lng
		})
		.from(referrals)
		.where(
			and(
				eq(referrals.categoryId, probe.categoryId),
				inArray(referrals.status, openStatuses),
				gte(referrals.createdAt, since),
				probe.excludeId ? ne(referrals.id, probe.excludeId) : undefined
			)
		)
		.orderBy(desc(referrals.createdAt))
		.all();
	const found = candidates
		.map((c) => ({ c, match: duplicateMatch(probe, { ...c, status: c.status as Status }, now) }))
		.filter((f) => f.match !== null)
		.sort(
			(a, b) =>
				order[a.match!.reason] - order[b.match!.reason] ||
				(a.match!.reason === 'nearby' && b.match!.reason === 'nearby'
					? a.match!.metres - b.match!.metres
					: 0)
		)
		.slice(0, maxShown);
	if (found.length === 0) return [];
	const visible = new Set(
		db
			.select({ id: referrals.id })
			.from(referrals)
			.where(
				and(
					inArray(
						referrals.id,
						found.map((f) => f.c.id)
					),
					visibleTo(db, user)
				)
			)
			.all()
			.map((r) => r.id)
	);
	return found.map(({ c, match }) => ({
		id: visible.has(c.id) ? c.id : null,
		reference: c.reference,
		categoryId: c.categoryId,
		street: streetOf(c.address),
		createdAt: c.createdAt,
		...match!
	}));
}
