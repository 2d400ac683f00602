// "Possibly the same problem": an open referral of the same category from the last 30 days at
// the same street or postcode, or within 50 m where both have a pin. One rule for the server's
// list and the tablet's own check when there is no signal. It only detects; it marks nothing.
import * as z from 'zod/mini';
import { metresBetween } from './geography.ts';
import { normalisePostcode } from './referral.ts';
import { isOpen } from './status-machine.ts';
import type { Status } from './enums.ts';
import { streetKey } from './street.ts';

export const duplicateRule = { days: 30, metres: 50 } as const;

export interface DuplicateProbe {
	categoryId: string;
	address?: string;
	postcode?: string;
	lat?: number | null;
	lng?: number | null;
}

export interface DuplicateCandidate extends DuplicateProbe {
	status: Status;
	/** When the council received it (or, on the tablet, when it was captured). */
	createdAt: string;
}

export type DuplicateMatch =
	{ reason: 'nearby'; metres: number } | { reason: 'street' } | { reason: 'postcode' };

const located = (p: DuplicateProbe): p is DuplicateProbe & { lat: number; lng: number } =>
	typeof p.lat === 'number' && typeof p.lng === 'number';

/**
 * The part of the rule that needs no place: same category, open, recent. A store can test it on
 * fields it keeps in clear before opening anything sealed.
 */
export function mayBeDuplicate(
	categoryId: string,
	candidate: Pick<DuplicateCandidate, 'categoryId' | 'status' | 'createdAt'>,
	now: Date
): boolean {
	if (candidate.categoryId !== categoryId || !isOpen(candidate.status)) return false;
	const age = now.getTime() - new Date(candidate.createdAt).getTime();
	return age <= duplicateRule.days * 86_400_000;
}

/** Why `candidate` may be the same problem as `probe`, or null. */
export function duplicateMatch(
	probe: DuplicateProbe,
	candidate: DuplicateCandidate,
	now: Date
): DuplicateMatch | null {
	if (!mayBeDuplicate(probe.categoryId, candidate, now)) return null;
	if (located(probe) && located(candidate)) {
		const metres = metresBetween(probe, candidate);
		if (metres <= duplicateRule.metres) return { reason: 'nearby', metres: Math.round(metres) };
	}
	const street = probe.address ? streetKey(probe.address) : null;
	if (street && candidate.address && streetKey(candidate.address) === street)
		return { reason: 'street' };
	if (
		probe.postcode?.trim() &&
		candidate.postcode?.trim() &&
		normalisePostcode(probe.postcode) === normalisePostcode(candidate.postcode)
	)
		return { reason: 'postcode' };
	return null;
}

/** What anyone may be shown of another referral: no resident, no house number, no description. */
export const PossibleDuplicate = z.object({
	/** Only when the caller may open it. */
	id: z.nullable(z.string()),
	reference: z.string(),
	categoryId: z.string(),
	street: z.nullable(z.string()),
	createdAt: z.string(),
	reason: z.enum(['nearby', 'street', 'postcode']),
	metres: z.optional(z.number())
});
export type PossibleDuplicate = z.infer<typeof PossibleDuplicate>;
export const PossibleDuplicatesResponse = z.object({ duplicates: z.array(PossibleDuplicate) });

export function describeMatch(match: Pick<PossibleDuplicate, 'reason' | 'metres'>): string {
	if (match.reason === 'nearby') return `${match.metres ?? duplicateRule.metres} m away`;
	return match.reason === 'street' ? 'same street' : 'same postcode';
}
