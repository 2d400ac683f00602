// Who may see and change which referral: the one place the role rules of DESIGN.md live.
// member: own; support: the Members they support; officer: routed to their unit; admin: all.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AppDeps, SessionUser } from '../context.ts';
import type { Db } from '../db/open.ts';
import { referrals, supportMembers } from '../db/schema.ts';

export function supportedMemberIds(db: Db, supportId: string): string[] {
	return db
		.select({ memberId: supportMembers.memberId })
		.from(supportMembers)
		.where(eq(supportMembers.supportId, supportId))
		.all()
		.map((row) => row.memberId);
}

/** A WHERE condition on `referrals` matching exactly the rows this user may see. */
export function visibleTo(db: Db, user: SessionUser): SQL {
	switch (user.role) {
		case 'member':
			return eq(referrals.ownerId, user.id);
		case 'support':
			return inArray(
				referrals.ownerId,
				db
					.select({ memberId: supportMembers.memberId })
					.from(supportMembers)
					.where(eq(supportMembers.supportId, user.id))
			);
		case 'officer':
			return user.unitId ? eq(referrals.unitId, user.unitId) : sql`0`;
		case 'admin':
			return sql`1`;
	}
}

export function canSee(deps: AppDeps, user: SessionUser, referralId: string): boolean {
	return (
		deps.db
			.select({ id: referrals.id })
			.from(referrals)
			.where(and(eq(referrals.id, referralId), visibleTo(deps.db, user)))
			.get() !== undefined
	);
}

/** The Member themselves, or a support officer working for them: who may act as the owner. */
export function actsForOwner(db: Db, user: SessionUser, ownerId: string): boolean {
	if (user.role === 'member') return user.id === ownerId;
	if (user.role === 'support') return supportedMemberIds(db, user.id).includes(ownerId);
	return false;
}

/** The service team for a referral's unit, or an admin: who may move status and respond. */
export function actsForUnit(user: SessionUser, unitId: string | null): boolean {
	return (
		user.role === 'admin' ||
		(user.role === 'officer' && user.unitId !== null && user.unitId === unitId)
	);
}
