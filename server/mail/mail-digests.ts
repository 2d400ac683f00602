// The e-mails made on a schedule rather than by an event: the daily digests people chose instead
// of an e-mail each time, officers' morning list of overdue referrals, support officers' weekly
// list, and the admins' alert when the CRM has been unreachable too long. Each run makes its
// e-mails in one transaction with its mail_job_runs row, so a period's run happens once.
import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { MailKind } from '#domain/mail';
import { isOpen } from '#domain/status-machine';
import { statuses } from '#domain/enums';
import type { Sqlite } from '../db/open.ts';
import { crmStatus } from '../crm/crm-status.ts';
import {
	mailDigestItems,
	mailJobRuns,
	referrals,
	supportMembers,
	timelineEntries,
	units,
	users
} from '../db/schema.ts';
import {
	answeredDigest,
	crmDownMail,
	overdueDigest,
	routedDigest,
	supportWeekly,
	type Composed,
	type ReferralFacts
} from './mail-compose.ts';
import { factsOf, referralsByIds } from './mail-events.ts';
import { enqueueMail, type MailDeps, type MailKindCode } from './mail-outbox.ts';
import { recipientsOf } from './mail-preferences.ts';
import { notifyAdmins } from './admin-alerts.ts';

export type JobDeps = MailDeps & { sqlite: Sqlite };

/** Most referrals one e-mail lists; the rest are counted ("and 12 more in Wardline"). */
export const listLimit = 50;
const openStatuses = statuses.filter(isOpen);

/** Claims (job, period); false if it already ran. Call inside the run's transaction. */
function claimRun(deps: JobDeps, job: string, period: string): boolean {
	const row = deps.db
		.insert(mailJobRuns)
		.values({ job, period, ranAt: deps.clock().toISOString() })
		.onConflictDoNothing()
		.returning({ job: mailJobRuns.job })
		.get();
	return row !== undefined;
}

/** Runs `make` once for (job, period), atomically; returns how many e-mails it queued. */
export function runOnce(deps: JobDeps, job: string, period: string, make: () => number): number {
	return deps.sqlite.transaction(() => (claimRun(deps, job, period) ? make() : 0))();
}

function withMore(composed: Composed, total: number, publicUrl: string): Composed {
	if (total <= listLimit) return composed;
	const more = `…and ${total - listLimit} more in Wardline: ${publicUrl.replace(/\/+$/, '')}/queue`;
	return { ...composed, body: composed.body.replace('\n\n--', `\n${more}\n\n--`) };
}

const digestKinds: { kind: MailKind; code: MailKindCode; compose: typeof answeredDigest }[] = [
	{ kind: 'answered', code: 'answered_digest', compose: answeredDigest },
	{ kind: 'routed', code: 'routed_digest', compose: routedDigest }
];

/** Everyone's kept events of the day, one e-mail per person and kind; the items are then done. */
export function makeDailyDigests(deps: JobDeps, period: string): number {
	let queued = 0;
	for (const { kind, code, compose } of digestKinds) {
		const items = deps.db
			.select({ userId: mailDigestItems.userId, referralId: mailDigestItems.referralId })
			.from(mailDigestItems)
			.where(and(isNull(mailDigestItems.digestedAt), eq(mailDigestItems.kind, kind)))
			.orderBy(asc(mailDigestItems.id))
			.all();
		const byUser = new Map<string, string[]>();
		for (const item of items) {
			const list = byUser.get(item.userId) ?? [];
			if (!list.includes(item.referralId)) list.push(item.referralId);
			byUser.set(item.userId, list);
		}
		// Someone deactivated, or who turned the kind off since, has their items closed unsent.
		const wanted = new Map(
			recipientsOf(deps.db, kind, inArray(users.id, [...byUser.keys()])).map((r) => [r.id, r])
		);
		for (const [userId, referralIds] of byUser) {
			const recipient = wanted.get(userId);
			if (!recipient) continue;
			const facts = factsOf(deps.db, referralsByIds(deps.db, referralIds.slice(0, listLimit)));
			if (facts.length === 0) continue;
			const composed = withMore(
				compose(deps.mail.publicUrl, facts),
				referralIds.length,
				deps.mail.publicUrl
			);
			if (
				enqueueMail(deps, {
					kind: code,
					to: recipient.email,
					userId,
					dedupeKey: `${code}:${userId}:${period}`,
					...composed
				}) !== null
			)
				queued++;
		}
		deps.db
			.update(mailDigestItems)
			.set({ digestedAt: deps.clock().toISOString() })
			.where(and(isNull(mailDigestItems.digestedAt), eq(mailDigestItems.kind, kind)))
			.run();
	}
	return queued;
}

const referralFields = {
	id: referrals.id,
	reference: referrals.reference,
	categoryId: referrals.categoryId,
	locationAddress: referrals.locationAddress,
	dueAt: referrals.dueAt
};

function overdueWhere(now: Date) {
	return and(inArray(referrals.status, openStatuses), lt(referrals.dueAt, now.toISOString()));
}

/** Each officer who wants it: their unit's overdue referrals, oldest due first. */
export function makeOverdueDigests(deps: JobDeps, period: string): number {
	const now = deps.clock();
	let queued = 0;
	const officers = recipientsOf(deps.db, 'overdue').filter((o) => o.unitId !== null);
	const unitIds = [...new Set(officers.map((o) => o.unitId as string))];
	for (const unitId of unitIds) {
		const where = and(eq(referrals.unitId, unitId), overdueWhere(now));
		const total =
			deps.db
				.select({ n: sql<number>`count(*)` })
				.from(referrals)
				.where(where)
				.get()?.n ?? 0;
		if (total === 0) continue;
		const rows = deps.db
			.select(referralFields)
			.from(referrals)
			.where(where)
			.orderBy(asc(referrals.dueAt))
			.limit(listLimit)
			.all();
		const unit = deps.db.select({ name: units.name }).from(units).where(eq(units.id, unitId)).get();
		const composed = withMore(
			overdueDigest(deps.mail.publicUrl, unit?.name ?? 'your team', factsOf(deps.db, rows)),
			total,
			deps.mail.publicUrl
		);
		for (const officer of officers.filter((o) => o.unitId === unitId))
			if (
				enqueueMail(deps, {
					kind: 'overdue_digest',
					to: officer.email,
					userId: officer.id,
					dedupeKey: `overdue_digest:${officer.id}:${period}`,
					...composed
				}) !== null
			)
				queued++;
	}
	return queued;
}

/** Referrals reopened by their Member and not answered since (the reopening is the latest word). */
function unansweredReopenings(memberIds: string[]): ReturnType<typeof and> {
	return and(
		inArray(referrals.ownerId, memberIds),
		inArray(referrals.status, ['reopened', 'in_progress']),
		sql`exists (select 1 from ${timelineEntries} where ${timelineEntries.referralId} = ${referrals.id}
			and ${timelineEntries.kind} = 'reopened'
			and ${timelineEntries.at} > coalesce(${referrals.respondedAt}, ''))`
	);
}

/** Each support officer who wants it: their Members' overdue referrals and unanswered reopenings. */
export function makeSupportWeekly(deps: JobDeps, period: string): number {
	const now = deps.clock();
	let queued = 0;
	for (const support of recipientsOf(deps.db, 'supportWeekly')) {
		const memberIds = deps.db
			.select({ id: supportMembers.memberId })
			.from(supportMembers)
			.where(eq(supportMembers.supportId, support.id))
			.all()
			.map((m) => m.id);
		if (memberIds.length === 0) continue;
		const list = (where: ReturnType<typeof and>): ReferralFacts[] =>
			factsOf(
				deps.db,
				deps.db
					.select(referralFields)
					.from(referrals)
					.where(where)
					.orderBy(asc(referrals.dueAt))
					.limit(listLimit)
					.all()
			);
		const overdue = list(and(inArray(referrals.ownerId, memberIds), overdueWhere(now)));
		const reopened = list(unansweredReopenings(memberIds));
		if (overdue.length === 0 && reopened.length === 0) continue;
		if (
			enqueueMail(deps, {
				kind: 'support_weekly',
				to: support.email,
				userId: support.id,
				dedupeKey: `support_weekly:${support.id}:${period}`,
				...supportWeekly(deps.mail.publicUrl, overdue, reopened)
			}) !== null
		)
			queued++;
	}
	return queued;
}

/**
 * Once per outage (keyed by when it began), once the CRM has been unreachable for `hours`:
 * every admin who wants it hears. Not a period job: it looks at every tick.
 */
export function checkCrmDown(deps: JobDeps, crmEnabled: boolean, hours: number): number {
	const status = crmStatus(deps.db, crmEnabled);
	if (status.state !== 'down' || !status.downSince) return 0;
	const downForMs = deps.clock().getTime() - Date.parse(status.downSince);
	if (downForMs < hours * 3_600_000) return 0;
	const since = status.downSince;
	return notifyAdmins(deps, 'crmDown', crmDownMail(deps.mail.publicUrl, since, hours), {
		dedupeKey: `crm_down:${since}`
	});
}
