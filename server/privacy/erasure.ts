// Erasure at a resident's request: their details go from every referral held under their
// resident key, as retention would remove them, and passages naming them elsewhere are blanked.
import { eq } from 'drizzle-orm';
import { isOpen } from '#domain/status-machine';
import type { Status } from '#domain/enums';
import type { SessionUser } from '../context.ts';
import { referrals, timelineEntries } from '../db/schema.ts';
import { audit } from '../referrals/audit.ts';
import { updateReferral } from '../referrals/store.ts';
import { removePersonalDetails, type RemovalDeps } from './remove-personal-details.ts';
import { classifyQuery, mentionsIn, type ResidentQuery } from './resident-match.ts';
import { findResident, referralsWithKey } from './resident-search.ts';

export interface ErasureResult {
	referrals: number;
	/** Of those, still waiting for an answer: the service team can no longer contact them. */
	stillOpen: number;
	photosDeleted: number;
	timelineEntriesChanged: number;
	/** Passages on other referrals that named them, now blanked. */
	mentionsRemoved: number;
	/** The same referrals in the council's CRM, which Wardline cannot erase: ask the CRM team. */
	crmServiceRequestIds: string[];
}

const blank = '[removed]';

function blankMentions(text: string, queries: ResidentQuery[]): string {
	let out = text;
	for (const query of queries)
		for (const found of mentionsIn(out, query)) out = out.split(found).join(blank);
	return out;
}

/** Erases what is held under `key`; null when no referral holds it (unknown, or erased already). */
export function eraseResident(
	deps: RemovalDeps,
	actor: Pick<SessionUser, 'id'>,
	key: string
): ErasureResult | null {
	return deps.sqlite.transaction((): ErasureResult | null => {
		const rows = referralsWithKey(deps.db, key);
		if (rows.length === 0) return null;
		const result: ErasureResult = {
			referrals: rows.length,
			stillOpen: rows.filter((r) => isOpen(r.status as Status)).length,
			photosDeleted: 0,
			timelineEntriesChanged: 0,
			mentionsRemoved: 0,
			crmServiceRequestIds: rows.flatMap((r) =>
				r.crmServiceRequestId ? [r.crmServiceRequestId] : []
			)
		};
		// Read before removing: the details are what the other passages are searched for.
		const { residentName, residentEmail, residentPhone } = rows[0];
		const queries = [
			classifyQuery(residentName),
			...(residentEmail ? [classifyQuery(residentEmail)] : []),
			...(residentPhone ? [classifyQuery(residentPhone)] : [])
		].filter((q) => q.value.length >= 2);
		for (const row of rows) {
			const removal = removePersonalDetails(deps, row, 'request', actor.id);
			result.photosDeleted += removal.photosDeleted;
			result.timelineEntriesChanged += removal.timelineEntriesChanged;
		}
		const touched = new Set<string>();
		for (const query of queries)
			for (const mention of findResident(deps.db, query).mentions) {
				const text = blankMentions(mention.text, queries);
				if (text === mention.text) continue;
				if (mention.timelineEntryId === null)
					deps.db
						.update(referrals)
						.set({ description: text })
						.where(eq(referrals.id, mention.referralId))
						.run();
				else
					deps.db
						.update(timelineEntries)
						.set({ text })
						.where(eq(timelineEntries.id, mention.timelineEntryId))
						.run();
				result.mentionsRemoved += 1;
				touched.add(mention.referralId);
			}
		// A new change number each, so tablets holding those referrals get the blanked text.
		for (const referralId of touched) updateReferral(deps, referralId, {});
		audit(
			deps,
			actor,
			'erase',
			[...touched],
			'a passage naming a resident was removed at their request'
		);
		audit(deps, actor, 'erase', [null], JSON.stringify({ residentKey: key, ...result }));
		return result;
	})();
}
