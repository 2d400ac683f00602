// What the service team does to a referral: move its status, write the response, pass it to
// another team, give it to one of its officers; and a Member's chase. Each runs in one
// transaction with its timeline entries and a new change number, and answers the updated row
// or a refusal (server/outcome.ts).
import { and, asc, eq } from 'drizzle-orm';
import { checkMove, isOpen } from '#domain/status-machine';
import { dueDate } from '#domain/working-days';
import { statusLabels, type Status } from '#domain/enums';
import type { AppDeps, SessionUser } from '../context.ts';
import { referrals, units, users } from '../db/schema.ts';
import { refuse, refused, settle, type Outcome } from '../outcome.ts';
import { mailOnAnswered, mailOnRouted } from '../mail/mail-events.ts';
import { acknowledgeRouting } from './acknowledgement.ts';
import { audit } from './audit.ts';
import { addTimeline, updateReferral, type ReferralRow } from './store.ts';

/** Columns that record when a status was reached. */
function stampsFor(status: Status, now: string): Partial<ReferralRow> {
	if (status === 'responded') return { respondedAt: now };
	if (status === 'closed') return { closedAt: now };
	return {};
}

function move(
	deps: AppDeps,
	user: SessionUser,
	row: ReferralRow,
	to: Status,
	note?: string
): ReferralRow {
	const check = checkMove(row.status as Status, to);
	if (!check.ok) refuse('forbidden_move', check.reason);
	const text = `Status: ${statusLabels[to]}${note ? ` — ${note}` : ''}`;
	addTimeline(deps, { referralId: row.id, kind: 'status', by: user, text });
	return updateReferral(deps, row.id, { status: to, ...stampsFor(to, deps.clock().toISOString()) });
}

export function changeStatus(
	deps: AppDeps,
	user: SessionUser,
	row: ReferralRow,
	to: Status,
	note?: string
): Outcome<ReferralRow> {
	if (to === 'rejected' && !note)
		return refused('invalid', 'Say why the referral is being sent back.');
	return settle(
		deps.sqlite.transaction(() => {
			const updated = move(deps, user, row, to, note);
			audit(deps, user, 'status', [row.id], to);
			return updated;
		})
	);
}

/**
 * The service team's answer. A routed or reopened referral passes through in_progress first,
 * both moves recorded; an answered one can take a further response without moving.
 */
export function respond(
	deps: AppDeps,
	user: SessionUser,
	row: ReferralRow,
	text: string
): Outcome<ReferralRow> {
	return settle(
		deps.sqlite.transaction(() => {
			let current = row;
			if (current.status === 'routed' || current.status === 'reopened')
				current = move(deps, user, current, 'in_progress');
			addTimeline(deps, { referralId: row.id, kind: 'response', by: user, text });
			const now = deps.clock().toISOString();
			if (current.status === 'responded')
				current = updateReferral(deps, row.id, { respondedAt: now });
			else {
				const check = checkMove(current.status as Status, 'responded');
				if (!check.ok) refuse('forbidden_move', check.reason);
				current = updateReferral(deps, row.id, { status: 'responded', respondedAt: now });
			}
			audit(deps, user, 'response', [row.id]);
			// Same transaction: the Member's e-mail is queued exactly when the answer is saved.
			mailOnAnswered(deps, current);
			// Referrals closed as the same problem are answered with it, their Members told too.
			answerDuplicates(deps, user, row.id, text);
			return current;
		})
	);
}

/**
 * Passes an open referral to another Business Unit (wrong team), with the reason on the
 * timeline. The due date restarts from the new unit's target; the status is kept. A retired
 * unit takes no new referrals, passed on or otherwise.
 */
export function reassign(
	deps: AppDeps,
	user: SessionUser,
	row: ReferralRow,
	unitId: string,
	reason: string
): Outcome<ReferralRow> {
	const findUnit = (id: string) => deps.db.select().from(units).where(eq(units.id, id)).get();
	const unit = findUnit(unitId);
	if (!unit) return refused('invalid', 'There is no such team.');
	if (!isOpen(row.status as Status))
		return refused(
			'forbidden_move',
			'Only a referral still waiting for an answer can go to another team.'
		);
	if (row.unitId === unit.id)
		return refused('invalid', `This referral is already with ${unit.name}.`);
	if (!unit.active)
		return refused(
			'invalid',
			`${unit.name} is retired and takes no referrals. Choose a team that is in use.`
		);
	const fromName = (row.unitId ? findUnit(row.unitId)?.name : undefined) ?? 'no team';
	return settle(
		deps.sqlite.transaction(() => {
			const now = deps.clock();
			addTimeline(deps, {
				referralId: row.id,
				kind: 'routed',
				by: user,
				text: `Passed from ${fromName} to ${unit.name}: ${reason}`
			});
			const dueAt = dueDate(now, unit, row.urgency).toISOString();
			acknowledgeRouting(deps, row.id, unit, dueAt);
			// The officer who had it works for the old team: the new one chooses its own.
			const updated = updateReferral(deps, row.id, {
				unitId: unit.id,
				assigneeId: null,
				routedAt: now.toISOString(),
				dueAt
			});
			audit(deps, user, 'reassign', [row.id], unit.id);
			mailOnRouted(deps, updated);
			return updated;
		})
	);
}

/** A Member or their support officer chases the team: a timeline note the team sees. */
export function chase(
	deps: AppDeps,
	user: SessionUser,
	row: ReferralRow,
	note?: string
): ReferralRow {
	return deps.sqlite.transaction(() => {
		addTimeline(deps, {
			referralId: row.id,
			kind: 'comment',
			by: user,
			text: `Chased by ${user.displayName}${note ? `: ${note}` : ''}`
		});
		const updated = updateReferral(deps, row.id, {});
		audit(deps, user, 'chase', [row.id]);
		return updated;
	})();
}

/**
 * Gives an open or answered referral to a named officer of its unit, or takes it back to the
 * unit (`assigneeId` null). The timeline says who has it; the Member sees who to ask.
 */
export function assign(
	deps: AppDeps,
	user: SessionUser,
	row: ReferralRow,
	assigneeId: string | null
): Outcome<ReferralRow> {
	if (row.unitId === null) return refused('invalid', 'This referral is with no team yet.');
	if (row.status === 'closed' || row.status === 'rejected')
		return refused('forbidden_move', 'A closed or sent-back referral is no one’s to take on.');
	if ((row.assigneeId ?? null) === assigneeId)
		return refused(
			'invalid',
			assigneeId === null ? 'Nobody has this referral yet.' : 'That officer has it already.'
		);
	let text = 'Back with the team: nobody has it now';
	if (assigneeId !== null) {
		const officer = deps.db.select().from(users).where(eq(users.id, assigneeId)).get();
		if (!officer || officer.role !== 'officer' || officer.unitId !== row.unitId)
			return refused('invalid', 'Choose an officer of the team this referral is with.');
		if (!officer.active)
			return refused(
				'invalid',
				`${officer.displayName} no longer uses Wardline. Choose another officer.`
			);
		text = `Taken on by ${officer.displayName}`;
	}
	return settle(
		deps.sqlite.transaction(() => {
			addTimeline(deps, { referralId: row.id, kind: 'routed', by: user, text });
			const updated = updateReferral(deps, row.id, { assigneeId });
			audit(deps, user, 'update', [row.id], `assigned to ${assigneeId ?? 'nobody'}`);
			return updated;
		})
	);
}

/** The active officers of a unit, by name: whom its referrals can be assigned to. */
export function assignableOfficers(deps: AppDeps, unitId: string): { id: string; name: string }[] {
	return deps.db
		.select({ id: users.id, name: users.displayName })
		.from(users)
		.where(and(eq(users.unitId, unitId), eq(users.role, 'officer'), eq(users.active, true)))
		.orderBy(asc(users.displayName))
		.all();
}

/**
 * Closes `row` as the same problem as `main`: it points at the main referral and is answered
 * with it. Both timelines say so, so each Member learns of the other reference on their next
 * sync. Only an open referral can be closed so, onto a main one still waiting for its answer and
 * not itself a duplicate, and only if no others are duplicates of it.
 */
export function markDuplicate(
	deps: AppDeps,
	user: SessionUser,
	row: ReferralRow,
	main: ReferralRow
): Outcome<ReferralRow> {
	if (main.id === row.id) return refused('invalid', 'A referral cannot be a duplicate of itself.');
	if (!isOpen(row.status as Status))
		return refused(
			'forbidden_move',
			'Only a referral still waiting for an answer can be closed as a duplicate.'
		);
	if (main.duplicateOfId !== null)
		return refused(
			'invalid',
			`${main.reference} is itself a duplicate. Mark this one as a duplicate of the referral it points to.`
		);
	// Its answer is what both will get: one already answered or closed has nothing more to send.
	if (!isOpen(main.status as Status))
		return refused(
			'invalid',
			`${main.reference} is answered or closed already. Answer this referral itself instead.`
		);
	const carried = deps.db
		.select({ id: referrals.id })
		.from(referrals)
		.where(eq(referrals.duplicateOfId, row.id))
		.get();
	if (carried)
		return refused(
			'invalid',
			`Other referrals are duplicates of ${row.reference}; it stays the main one.`
		);
	return settle(
		deps.sqlite.transaction(() => {
			const now = deps.clock().toISOString();
			addTimeline(deps, {
				referralId: row.id,
				kind: 'status',
				by: user,
				text: `Closed as the same problem as ${main.reference}: it will be answered together with it`
			});
			const updated = updateReferral(deps, row.id, {
				status: 'closed',
				closedAt: now,
				duplicateOfId: main.id
			});
			addTimeline(deps, {
				referralId: main.id,
				kind: 'comment',
				by: user,
				text: `${row.reference} is the same problem and was closed as a duplicate; it will be answered with this one`
			});
			updateReferral(deps, main.id, {});
			audit(deps, user, 'status', [row.id], `duplicate of ${main.id}`);
			return updated;
		})
	);
}

/** The referrals closed as duplicates of `mainId`, answered whenever it is (inside its transaction). */
function answerDuplicates(deps: AppDeps, user: SessionUser, mainId: string, text: string): void {
	const duplicates = deps.db
		.select()
		.from(referrals)
		.where(eq(referrals.duplicateOfId, mainId))
		.all();
	for (const duplicate of duplicates) {
		addTimeline(deps, { referralId: duplicate.id, kind: 'response', by: user, text });
		const answered = updateReferral(deps, duplicate.id, {
			respondedAt: deps.clock().toISOString()
		});
		audit(deps, user, 'response', [duplicate.id], `with ${mainId}`);
		mailOnAnswered(deps, answered);
	}
}
