// What the tablet's own referrals say about a place, with no signal: "possibly the same problem"
// among them, and the streets already typed for a postcode (the postcode lookup has no streets).
import {
	duplicateMatch,
	mayBeDuplicate,
	type DuplicateProbe,
	type PossibleDuplicate
} from '../domain/possible-duplicates.ts';
import { normalisePostcode } from '../domain/referral.ts';
import { streetOf } from '../domain/street.ts';
import type { WardlineDb } from './db.ts';
import { listReferralViews } from './referral-views.ts';

/** The tablet's own open referrals that may be the same problem (each with its id: it is ours). */
export async function ownPossibleDuplicates(
	db: WardlineDb,
	probe: DuplicateProbe & { excludeId?: string },
	now: Date
): Promise<PossibleDuplicate[]> {
	const found: PossibleDuplicate[] = [];
	// Category, status and dates are kept in clear (and no queued change moves them): only the
	// few open recent referrals of the category are opened, not every referral on the tablet.
	const candidates = await listReferralViews(db, (row) =>
		mayBeDuplicate(probe.categoryId, { ...row, createdAt: row.createdAt ?? row.capturedAt }, now)
	);
	for (const referral of candidates) {
		if (referral.id === probe.excludeId) continue;
		const match = duplicateMatch(
			probe,
			{
				categoryId: referral.categoryId,
				status: referral.status,
				createdAt: referral.createdAt ?? referral.capturedAt,
				address: referral.location.address,
				postcode: referral.location.postcode,
				lat: referral.location.lat,
				lng: referral.location.lng
			},
			now
		);
		if (match)
			found.push({
				id: referral.id,
				reference: referral.reference ?? 'Not yet sent',
				categoryId: referral.categoryId,
				street: streetOf(referral.location.address),
				createdAt: referral.createdAt ?? referral.capturedAt,
				...match
			});
	}
	return found;
}

/** Streets typed on this tablet for the postcode, the most recent first. */
export async function streetsSeenAt(db: WardlineDb, postcode: string): Promise<string[]> {
	const wanted = normalisePostcode(postcode);
	const views = (await listReferralViews(db))
		.filter((r) => normalisePostcode(r.location.postcode) === wanted)
		.sort((a, b) => (a.capturedAt < b.capturedAt ? 1 : -1));
	return [...new Set(views.map((r) => streetOf(r.location.address)).filter((s) => s !== null))];
}
