// Delivering one queued referral to the CRM exactly once: note the attempt before sending,
// and after any doubt (a crash, a lost answer) find the earlier request before sending again.
import { eq } from 'drizzle-orm';
import { auditLog, categories } from '../db/schema.ts';
import { redact } from '../privacy/anonymise.ts';
import { addTimeline, findReferral, updateReferral, type ReferralRow } from '../referrals/store.ts';
import { beginAttempt, updateOutboxRow, type OutboxRow } from './crm-outbox.ts';
import { recordCrmUp } from './crm-status.ts';
import { crmName, type UpdateDeps } from './crm-updates.ts';
import type { CrmFailure, CrmResult, NewServiceRequest, Open311Client } from './open311-client.ts';

/**
 * delivered: the CRM has it and we stored its id. waiting: the CRM took it and will give an id
 * later (asynchronous creation). failed: `refusedSend` when the CRM said no to the send itself,
 * so nothing was made there; otherwise the row stays 'sending' and is reconciled next time.
 */
export type DeliveryOutcome =
	| { kind: 'delivered'; serviceRequestId: string }
	| { kind: 'waiting' }
	| { kind: 'failed'; error: CrmFailure; refusedSend: boolean };

// Clocks differ between servers: search the CRM from a day before our own send time.
const searchSlackMs = 24 * 60 * 60_000;

function splitName(name: string): { firstName: string; lastName: string } {
	const parts = name.trim().split(/\s+/);
	if (parts.length === 1) return { firstName: parts[0], lastName: '' };
	return { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1] };
}

/** The request for a referral: the resident's details only where they consented to sharing. */
export function serviceRequestFor(deps: UpdateDeps, referral: ReferralRow): NewServiceRequest {
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
			: null
	};
}

function markDelivered(
	deps: UpdateDeps,
	row: OutboxRow,
	referral: ReferralRow,
	serviceRequestId: string
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
			text: `Logged with the council's system as request ${serviceRequestId}`
		});
		updateReferral(deps, referral.id, { crmServiceRequestId: serviceRequestId });
		// Handing personal data to another system is a disclosure the audit trail must show.
		deps.db
			.insert(auditLog)
			.values({
				at: now.toISOString(),
				userId: 'system:crm',
				action: 'crm_share',
				referralId: referral.id,
				detail: referral.residentConsentToShare
					? 'resident details shared with consent: name, email, phone, description as written'
					: "problem and location only (no consent to share): the description with the resident's name, address, phone and email taken out"
			})
			.run();
		recordCrmUp(deps.db, now);
	})();
	return { kind: 'delivered', serviceRequestId };
}

type Found = { kind: 'found'; id: string } | { kind: 'pending' } | { kind: 'absent' };

/** Did an earlier send arrive? Ask about its token if it has one, else search by reference. */
async function reconcile(
	client: Open311Client,
	row: OutboxRow,
	reference: string,
	signal: AbortSignal
): Promise<CrmResult<Found>> {
	if (row.token) {
		const answer = await client.tokenStatus(row.token, signal);
		if (answer.ok)
			return {
				ok: true,
				value: answer.value ? { kind: 'found', id: answer.value } : { kind: 'pending' }
			};
		// A token the CRM no longer knows: fall back to the reference.
		if (answer.error.kind !== 'refused') return answer;
	}
	const since = new Date(Date.parse(row.lastSentAt ?? row.createdAt) - searchSlackMs);
	const found = await client.findByReference(reference, since, signal);
	if (!found.ok) return found;
	return { ok: true, value: found.value ? { kind: 'found', id: found.value } : { kind: 'absent' } };
}

export async function deliver(
	deps: UpdateDeps,
	client: Open311Client,
	row: OutboxRow,
	signal: AbortSignal
): Promise<DeliveryOutcome> {
	const referral = findReferral(deps.db, row.referralId);
	if (!referral) throw new Error(`crm_outbox row ${row.id} names a missing referral`);
	const uncertain = row.state === 'sending';
	let current = beginAttempt(deps.db, row, deps.clock(), !uncertain);
	if (uncertain) {
		const found = await reconcile(client, current, referral.reference, signal);
		if (!found.ok) return { kind: 'failed', error: found.error, refusedSend: false };
		if (found.value.kind === 'found') return markDelivered(deps, current, referral, found.value.id);
		if (found.value.kind === 'pending') return { kind: 'waiting' };
		// Not there: it never arrived. Note the new send before making it.
		const sentAt = deps.clock().toISOString();
		updateOutboxRow(deps.db, row.id, { lastSentAt: sentAt, token: null });
		current = { ...current, lastSentAt: sentAt, token: null };
	}
	const answer = await client.createRequest(serviceRequestFor(deps, referral), signal);
	if (!answer.ok)
		return {
			kind: 'failed',
			error: answer.error,
			// A 4xx is the CRM saying no: nothing was made, so no search is needed next time.
			refusedSend: answer.error.kind === 'refused'
		};
	if ('serviceRequestId' in answer.value)
		return markDelivered(deps, current, referral, answer.value.serviceRequestId);
	updateOutboxRow(deps.db, row.id, { token: answer.value.token });
	return { kind: 'waiting' };
}
