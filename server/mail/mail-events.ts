// The e-mails events cause, queued inside the event's own transaction: a referral routed to a
// unit (its officers hear), and an answer (its Member hears), each at once or kept for a digest.
import { eq, inArray, sql } from 'drizzle-orm';
import type { MailKind } from '#domain/mail';
import type { Db } from '../db/open.ts';
import { categories, mailDigestItems, referrals, units, users } from '../db/schema.ts';
import { streetOf } from '#domain/street';
import { answeredMail, routedMail, type ReferralFacts } from './mail-compose.ts';
import { enqueueMail, type MailDeps } from './mail-outbox.ts';
import { recipientsOf } from './mail-preferences.ts';

type ReferralLike = Pick<
	typeof referrals.$inferSelect,
	'id' | 'reference' | 'categoryId' | 'locationAddress' | 'dueAt'
>;

/** What an e-mail may say about referrals: reference, category and street, in the given order. */
export function factsOf(db: Db, rows: ReferralLike[]): ReferralFacts[] {
	if (rows.length === 0) return [];
	const names = new Map(
		db
			.select({ id: categories.id, name: categories.name })
			.from(categories)
			.where(
				inArray(
					categories.id,
					rows.map((r) => r.categoryId)
				)
			)
			.all()
			.map((c) => [c.id, c.name])
	);
	return rows.map((r) => ({
		id: r.id,
		reference: r.reference,
		category: names.get(r.categoryId) ?? 'Referral',
		street: streetOf(r.locationAddress) ?? 'no street given',
		dueAt: r.dueAt
	}));
}

export function referralsByIds(db: Db, ids: string[]): ReferralLike[] {
	if (ids.length === 0) return [];
	const found = new Map(
		db
			.select({
				id: referrals.id,
				reference: referrals.reference,
				categoryId: referrals.categoryId,
				locationAddress: referrals.locationAddress,
				dueAt: referrals.dueAt
			})
			.from(referrals)
			.where(inArray(referrals.id, ids))
			.all()
			.map((r) => [r.id, r])
	);
	return ids.flatMap((id) => found.get(id) ?? []);
}

function keepForDigest(deps: MailDeps, userId: string, kind: MailKind, referralId: string) {
	deps.db
		.insert(mailDigestItems)
		.values({ userId, kind, referralId, createdAt: deps.clock().toISOString() })
		.run();
}

/** A referral now with `row.unitId` (new, or passed on): its officers hear, at once or in a digest. */
export function mailOnRouted(deps: MailDeps, row: ReferralLike & { unitId: string | null }): void {
	if (!deps.mail.enabled || !row.unitId) return;
	const officers = recipientsOf(deps.db, 'routed', eq(users.unitId, row.unitId));
	if (officers.length === 0) return;
	const unit = deps.db
		.select({ name: units.name })
		.from(units)
		.where(eq(units.id, row.unitId))
		.get();
	const [facts] = factsOf(deps.db, [row]);
	const composed = routedMail(deps.mail.publicUrl, unit?.name ?? 'your team', facts);
	for (const officer of officers) {
		if (officer.mode === 'digest') keepForDigest(deps, officer.id, 'routed', row.id);
		else
			enqueueMail(deps, {
				kind: 'routed',
				to: officer.email,
				userId: officer.id,
				referralId: row.id,
				...composed
			});
	}
}

/** The service team (or the CRM) answered: the Member hears, at once or in their daily digest. */
export function mailOnAnswered(deps: MailDeps, row: ReferralLike & { ownerId: string }): void {
	if (!deps.mail.enabled) return;
	const [member] = recipientsOf(deps.db, 'answered', eq(users.id, row.ownerId));
	if (!member) return;
	if (member.mode === 'digest') {
		keepForDigest(deps, member.id, 'answered', row.id);
		return;
	}
	const [facts] = factsOf(deps.db, [row]);
	enqueueMail(deps, {
		kind: 'answered',
		to: member.email,
		userId: member.id,
		referralId: row.id,
		...answeredMail(deps.mail.publicUrl, facts)
	});
}

/** How many digest items wait (for tests and the admin page). */
export function pendingDigestItems(db: Db): number {
	return (
		db
			.select({ n: sql<number>`count(*)` })
			.from(mailDigestItems)
			.where(sql`${mailDigestItems.digestedAt} is null`)
			.get()?.n ?? 0
	);
}
