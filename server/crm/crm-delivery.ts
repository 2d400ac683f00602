// Delivering one queued referral to the CRM exactly once: note the attempt before sending,
// and after any doubt (a crash, a lost answer) find the earlier request before sending again,
// or hold the row for an admin where the CRM cannot say (crm-reconcile.ts).
import { eq } from 'drizzle-orm';
import type { SessionUser } from '../context.ts';
import { auditLog, categories } from '../db/schema.ts';
import { redact } from '../privacy/anonymise.ts';
import { addTimeline, findReferral, updateReferral, type ReferralRow } from '../referrals/store.ts';
import { beginAttempt, updateOutboxRow, type OutboxRow } from './crm-outbox.ts';
import { recordCrmUp } from './crm-status.ts';
import { crmName, type UpdateDeps } from './crm-updates.ts';
import { resolveUncertain } from './crm-reconcile.ts';
import { mediaLinksFor, type CrmMediaSettings } from './crm-media.ts';
import type { CrmFailure, NewServiceRequest, Open311Client } from './open311-client.ts';

/**
 * delivered: the CRM has it and we stored its id. waiting: the CRM took it and will give an id
 * later (asynchronous creation). failed: `refusedSend` when the CRM said no to the send itself,
 * so nothing was made there; otherwise the row stays 'sending' and is reconciled next time.
 */
export type DeliveryOutcome =
	| { kind: 'delivered'; serviceRequestId: string }
	| { kind: 'waiting' }
	| { kind: 'failed'; error: CrmFailure; refusedSend: boolean; holdIfUp?: boolean }
	/** Uncertain whether an earlier send arrived, and the CRM cannot say: for an admin. */
	| { kind: 'held'; reason: string }
	/** Still uncertain; ask again after the backoff (the row stays 'sending'). */
	| { kind: 'later'; reason: string };

function splitName(name: string): { firstName: string; lastName: string } {
	const parts = name.trim().split(/\s+/);
	if (parts.length === 1) return { firstName: parts[0], lastName: '' };
	return { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1] };
}

/** The request for a referral: the resident's details only where they consented to sharing. */
export function serviceRequestFor(
	deps: UpdateDeps,
	referral: ReferralRow,
	media?: CrmMediaSettings
): NewServiceRequest {
	const category = deps.db
		.select({ code: categories.crmServiceCode })
		.from(categories)
		.where(eq(categories.id, referral.categoryId))
		.get();
	return {
		reference: referral.reference,
		serviceCode: category?.code ?? referral.categoryId,
		// Without consent no resident detail goes in any field, the description included.
		description: referral.residentConsentToShare
			? referral.description
			: redact(referral.description, {
					names: [referral.residentName],
					addresses: [referral.residentAddress],
					contacts: [referral.residentPhone, referral.residentEmail]
				}),
		addressString: `${referral.locationAddress}, ${referral.locationPostcode}`,
		lat: referral.lat,
		long: referral.lng,
		resident: referral.residentConsentToShare
			? {
					...splitName(referral.residentName),
					email: referral.residentEmail,
					phone: referral.residentPhone
				}
			: null,
		// Photos too only with consent: a photo may show the resident or their home (crm-media.ts).
		mediaUrls: mediaLinksFor(deps.db, media, referral, deps.clock())
	};
}

/** The admin who settled a held or refused row by hand. */
export type AdminLink = SessionUser;

const photoLinks = (count: number) =>
	count === 0 ? '' : `, ${count} photo link${count === 1 ? '' : 's'} (media_url)`;

function markDelivered(
	deps: UpdateDeps,
	row: OutboxRow,
	referral: ReferralRow,
	serviceRequestId: string,
	link?: AdminLink,
	photos = 0
): DeliveryOutcome {
	const now = deps.clock();
	deps.sqlite.transaction(() => {
		updateOutboxRow(deps.db, row.id, {
			state: 'delivered',
			deliveredAt: now.toISOString(),
			serviceRequestId,
			lastError: null
		});
		addTimeline(deps, {
			referralId: referral.id,
			kind: 'crm',
			by: null,
			byName: crmName,
			text: link
				? `Linked by ${link.displayName} to request ${serviceRequestId} in the council's system`
				: `Logged with the council's system as request ${serviceRequestId}`
		});
		updateReferral(deps, referral.id, { crmServiceRequestId: serviceRequestId });
		// Handing personal data to another system is a disclosure the audit trail must show; a
		// link says what the admin did, as what was sent (if anything) is not known.
		deps.db
			.insert(auditLog)
			.values({
				at: now.toISOString(),
				userId: link ? link.id : 'system:crm',
				action: link ? 'crm_link' : 'crm_share',
				referralId: referral.id,
				detail: link
					? `linked to request ${serviceRequestId} the council's system already had (${row.state} before)`
					: referral.residentConsentToShare
						? `resident details shared with consent: name, email, phone, description as written${photoLinks(photos)}`
						: "problem and location only (no consent to share): the description with the resident's name, address, phone and email taken out"
			})
			.run();
		recordCrmUp(deps.db, now);
	})();
	return { kind: 'delivered', serviceRequestId };
}

export async function deliver(
	deps: UpdateDeps,
	client: Open311Client,
	row: OutboxRow,
	signal: AbortSignal,
	media?: CrmMediaSettings
): Promise<DeliveryOutcome> {
	const referral = findReferral(deps.db, row.referralId);
	if (!referral) throw new Error(`crm_outbox row ${row.id} names a missing referral`);
	const uncertain = row.state === 'sending';
	let current = beginAttempt(deps.db, row, deps.clock(), !uncertain);
	if (uncertain) {
		const found = await resolveUncertain(
			deps.db,
			client,
			current,
			referral.reference,
			deps.clock(),
			signal
		);
		if (found.kind === 'searchFailed')
			return { kind: 'failed', error: found.error, refusedSend: false, holdIfUp: found.holdIfUp };
		if (found.kind === 'found')
			// What was sent before is not known exactly: the photos it would have carried.
			return markDelivered(
				deps,
				current,
				referral,
				found.id,
				undefined,
				mediaLinksFor(deps.db, media, referral, deps.clock()).length
			);
		if (found.kind === 'pending') return { kind: 'waiting' };
		if (found.kind === 'held' || found.kind === 'later') return found;
		// Not there: it never arrived. Note the new send before making it.
		const sentAt = deps.clock().toISOString();
		updateOutboxRow(deps.db, row.id, { lastSentAt: sentAt, token: null });
		current = { ...current, lastSentAt: sentAt, token: null };
	}
	const request = serviceRequestFor(deps, referral, media);
	const answer = await client.createRequest(request, signal);
	if (!answer.ok)
		return {
			kind: 'failed',
			error: answer.error,
			// A 4xx is the CRM saying no, and a refused connection never reached it: nothing was
			// made, so no search is needed next time. Anything else after sending is uncertain.
			refusedSend: answer.error.kind === 'refused' || answer.error.notSent === true
		};
	if ('serviceRequestId' in answer.value)
		return markDelivered(
			deps,
			current,
			referral,
			answer.value.serviceRequestId,
			undefined,
			request.mediaUrls?.length ?? 0
		);
	updateOutboxRow(deps.db, row.id, { token: answer.value.token });
	return { kind: 'waiting' };
}

/** The admin's "it is already in the CRM as this request": delivered, with no send. */
export function linkToRequest(
	deps: UpdateDeps,
	row: OutboxRow,
	serviceRequestId: string,
	link: AdminLink
): void {
	const referral = findReferral(deps.db, row.referralId);
	if (!referral) throw new Error(`crm_outbox row ${row.id} names a missing referral`);
	markDelivered(deps, row, referral, serviceRequestId, link);
}

/** The admin's "stop sending": handled in Wardline alone, never tried again. */
export function stopSending(deps: UpdateDeps, row: OutboxRow, link: AdminLink): void {
	const now = deps.clock();
	deps.sqlite.transaction(() => {
		updateOutboxRow(deps.db, row.id, {
			state: 'stopped',
			lastError: `Stopped by ${link.displayName}: handled in Wardline alone`
		});
		addTimeline(deps, {
			referralId: row.referralId,
			kind: 'crm',
			by: link,
			text: "Not sent to the council's system: handled in Wardline alone"
		});
		updateReferral(deps, row.referralId, {});
		deps.db
			.insert(auditLog)
			.values({
				at: now.toISOString(),
				userId: link.id,
				action: 'crm_stop',
				referralId: row.referralId,
				detail: `stopped sending to the council's system (${row.state} before)`
			})
			.run();
	})();
}
