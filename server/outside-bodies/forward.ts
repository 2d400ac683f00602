// Forwarding a referral to an outside body by e-mail (through the mail outbox). What goes is what
// the resident's consent allows: their details only if they named that body; otherwise the
// problem (with anything naming them taken out) and where it is. Timeline and audit say who sent
// what to whom; the body's own reference can be recorded afterwards.
import { and, asc, desc, eq } from 'drizzle-orm';
import { preferredContactLabels, type PreferredContact } from '#domain/enums';
import type { Forward, ForwardView } from '#domain/outside-bodies';
import type { AppDeps, SessionUser } from '../context.ts';
import {
	categories,
	mailOutbox,
	outsideBodies,
	referralForwards,
	units,
	users
} from '../db/schema.ts';
import { streetOf } from '#domain/street';
import { redact } from '../privacy/anonymise.ts';
import { formatDay } from '../mail/mail-compose.ts';
import { enqueueMail } from '../mail/mail-outbox.ts';
import { audit } from '../referrals/audit.ts';
import { refuse, settle, type Outcome } from '../outcome.ts';
import { addTimeline, updateReferral, type ReferralRow } from '../referrals/store.ts';

type OutsideBodyRow = typeof outsideBodies.$inferSelect;

/** Whether the resident's consent names this body (and their details are still held). */
export function consentNames(row: ReferralRow, bodyId: string): boolean {
	return (
		row.residentConsentToShare &&
		row.personalDataRemovedAt === null &&
		row.residentShareWithBodyIds.includes(bodyId)
	);
}

export function forwardsOf(deps: AppDeps, referralId: string): Forward[] {
	return deps.db
		.select({
			id: referralForwards.id,
			outsideBodyId: referralForwards.outsideBodyId,
			outsideBodyName: outsideBodies.name,
			byName: users.displayName,
			at: referralForwards.at,
			withResident: referralForwards.withResident,
			bodyReference: referralForwards.bodyReference,
			mailState: mailOutbox.state
		})
		.from(referralForwards)
		.innerJoin(outsideBodies, eq(outsideBodies.id, referralForwards.outsideBodyId))
		.innerJoin(users, eq(users.id, referralForwards.byUserId))
		.leftJoin(mailOutbox, eq(mailOutbox.id, referralForwards.mailId))
		.where(eq(referralForwards.referralId, referralId))
		.orderBy(desc(referralForwards.at))
		.all();
}

export function forwardView(deps: AppDeps, row: ReferralRow): ForwardView {
	const bodies = deps.db
		.select()
		.from(outsideBodies)
		.where(eq(outsideBodies.active, true))
		.orderBy(asc(outsideBodies.name))
		.all();
	return {
		mailEnabled: deps.mail.enabled,
		consentText:
			row.residentConsentToShare && row.personalDataRemovedAt === null
				? row.residentShareWith
				: null,
		bodies: bodies.map((b) => ({
			id: b.id,
			name: b.name,
			dealsWith: b.dealsWith,
			consented: consentNames(row, b.id)
		})),
		forwards: forwardsOf(deps, row.id)
	};
}

/** The e-mail to the body: what the consent allows and nothing more. */
export function forwardMail(
	row: ReferralRow,
	context: { body: string; category: string; officer: string; unit: string; note?: string },
	withResident: boolean
): { subject: string; body: string } {
	const resident = {
		names: [row.residentName],
		addresses: [row.residentAddress],
		contacts: [row.residentPhone, row.residentEmail]
	};
	const description = withResident ? row.description : redact(row.description, resident);
	const note = context.note ? (withResident ? context.note : redact(context.note, resident)) : null;
	const place = [`Where: ${row.locationAddress}, ${row.locationPostcode}`];
	if (row.lat !== null && row.lng !== null) place.push(`Map: ${row.lat}, ${row.lng}`);
	const residentPart = withResident
		? [
				`The resident agreed that their details may be shared with ${context.body}:`,
				`Name: ${row.residentName}`,
				...(row.residentAddress ? [`Address: ${row.residentAddress}`] : []),
				...(row.residentPhone ? [`Phone: ${row.residentPhone}`] : []),
				...(row.residentEmail ? [`E-mail: ${row.residentEmail}`] : []),
				...(row.residentPreferredContact
					? [
							`Prefers: ${preferredContactLabels[row.residentPreferredContact as PreferredContact] ?? row.residentPreferredContact}`
						]
					: [])
			]
		: [
				`The resident has not agreed to share their details with ${context.body}, so this e-mail holds the problem and its location only.`
			];
	return {
		subject: `Referral ${row.reference} from the council: ${context.category}, ${streetOf(row.locationAddress) ?? row.locationPostcode}`,
		body: [
			`${context.officer} (${context.unit}) at the council is passing this referral to ${context.body}.`,
			`Please quote our reference ${row.reference} when you reply.`,
			'',
			`The problem (${context.category}), reported on ${formatDay(row.createdAt)}:`,
			description,
			'',
			...place,
			'',
			...residentPart,
			...(note ? ['', `Note from ${context.officer}:`, note] : [])
		].join('\n')
	};
}

function activeBody(deps: AppDeps, id: string): OutsideBodyRow {
	const body = deps.db.select().from(outsideBodies).where(eq(outsideBodies.id, id)).get();
	if (!body) refuse('invalid', 'There is no such outside body. Choose one from the list.');
	if (!body.active)
		refuse('invalid', `${body.name} is no longer on the list of outside bodies. Choose another.`);
	return body;
}

/** Queues the e-mail, and records who sent what to whom, in one transaction. */
export function forwardReferral(
	deps: AppDeps,
	user: SessionUser,
	row: ReferralRow,
	input: { outsideBodyId: string; note?: string }
): Outcome<Forward> {
	return settle(() => {
		if (!deps.mail.enabled)
			refuse(
				'refused',
				'E-mail is not set up on this server, so nothing can be forwarded. Ask an admin to set up the council’s mail relay.'
			);
		return forwardNow(deps, user, row, activeBody(deps, input.outsideBodyId), input.note);
	});
}

function forwardNow(
	deps: AppDeps,
	user: SessionUser,
	row: ReferralRow,
	body: OutsideBodyRow,
	note: string | undefined
): Forward {
	const withResident = consentNames(row, body.id);
	const category =
		deps.db
			.select({ name: categories.name })
			.from(categories)
			.where(eq(categories.id, row.categoryId))
			.get()?.name ?? 'Referral';
	const unit = row.unitId
		? deps.db.select({ name: units.name }).from(units).where(eq(units.id, row.unitId)).get()
		: undefined;
	const composed = forwardMail(
		row,
		{
			body: body.name,
			category,
			officer: user.displayName,
			unit: unit?.name ?? 'the council',
			note: note || undefined
		},
		withResident
	);
	return deps.sqlite.transaction((): Forward => {
		const mailId = enqueueMail(deps, {
			kind: 'forward',
			to: body.email,
			outsideBodyId: body.id,
			referralId: row.id,
			...composed
		});
		const id = deps.ids();
		const at = deps.clock().toISOString();
		deps.db
			.insert(referralForwards)
			.values({
				id,
				referralId: row.id,
				outsideBodyId: body.id,
				byUserId: user.id,
				at,
				withResident,
				mailId
			})
			.run();
		const what = withResident
			? 'with the resident’s details, as they agreed'
			: 'the problem and its location only (the resident did not agree to share their details with them)';
		addTimeline(deps, {
			referralId: row.id,
			// 'routed' rather than a new kind: tablets of older versions read every pulled entry.
			kind: 'routed',
			by: user,
			text: `Forwarded to ${body.name}: ${what}`
		});
		updateReferral(deps, row.id, {});
		audit(
			deps,
			user,
			'forward',
			[row.id],
			`to ${body.name} <${body.email}>: ${withResident ? 'problem, location and resident details (consent)' : 'problem and location only (no consent for this body)'}`
		);
		return {
			id,
			outsideBodyId: body.id,
			outsideBodyName: body.name,
			byName: user.displayName,
			at,
			withResident,
			bodyReference: null,
			mailState: 'queued'
		};
	})();
}

export function recordBodyReference(
	deps: AppDeps,
	user: SessionUser,
	row: ReferralRow,
	forwardId: string,
	bodyReference: string
): Outcome<Forward> {
	return settle(
		deps.sqlite.transaction((): Forward => {
			const forward = deps.db
				.select({ id: referralForwards.id, bodyName: outsideBodies.name })
				.from(referralForwards)
				.innerJoin(outsideBodies, eq(outsideBodies.id, referralForwards.outsideBodyId))
				.where(and(eq(referralForwards.id, forwardId), eq(referralForwards.referralId, row.id)))
				.get();
			if (!forward) refuse('not_found', 'This referral was not forwarded under that id.');
			deps.db
				.update(referralForwards)
				.set({ bodyReference })
				.where(eq(referralForwards.id, forwardId))
				.run();
			addTimeline(deps, {
				referralId: row.id,
				kind: 'routed',
				by: user,
				text: `${forward.bodyName}’s reference for it: ${bodyReference}`
			});
			updateReferral(deps, row.id, {});
			audit(deps, user, 'forward_reference', [row.id], `${forward.bodyName}: ${bodyReference}`);
			const updated = forwardsOf(deps, row.id).find((f) => f.id === forwardId);
			if (!updated) throw new Error('The forward was not stored');
			return updated;
		})
	);
}
