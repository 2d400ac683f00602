// Takes a resident's personal details out of one referral (retention, or the resident's request)
// while keeping what the figures count: category, ward, street, postcode district and dates.
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../context.ts';
import { crmNotesFingerprint } from '../crm/crm-updates.ts';
import { attachments, auditLog, crmOutbox, timelineEntries } from '../db/schema.ts';
import { forgetForwardContent } from '../mail/mail-outbox.ts';
import { addTimeline, updateReferral, type ReferralRow } from '../referrals/store.ts';
import { publicPlace, roughCoordinate } from './anonymise.ts';

export type RemovalReason = 'retention' | 'request';

export type RemovalDeps = Pick<AppDeps, 'db' | 'sqlite' | 'clock' | 'ids'>;

export const removedName = '[removed]';

const wording: Record<RemovalReason, { placeholder: string; timeline: string }> = {
	retention: {
		placeholder: '[removed under the retention policy]',
		timeline: 'Personal details removed under the retention policy'
	},
	request: {
		placeholder: '[removed at the resident’s request]',
		timeline: 'Personal details removed at the resident’s request'
	}
};

export const removalPlaceholder = (reason: RemovalReason) => wording[reason].placeholder;

export interface Removal {
	referralId: string;
	reference: string;
	photosDeleted: number;
	timelineEntriesChanged: number;
}

const before = (text: string, separator: string) => {
	const at = text.indexOf(separator);
	return at === -1 ? text : text.slice(0, at);
};

/**
 * A timeline entry's text with whatever a person wrote taken out. Entries Wardline writes itself
 * ("Sent to Highways") stay; a status move or rating keeps its fixed part and loses its note;
 * comments and responses, which are free text throughout, are replaced whole.
 */
export function scrubTimelineText(kind: string, text: string, placeholder: string): string {
	switch (kind) {
		case 'created':
		case 'resident_told':
			return text;
		case 'status':
			return before(text, ' — ');
		case 'routed':
		case 'crm':
		case 'rating':
		case 'reopened':
			return before(text, ': ');
		default:
			return placeholder;
	}
}

/**
 * Removes the resident's details, the description, the house number and full postcode, free
 * text in the timeline and the photos; adds a timeline entry saying so, and takes a new change
 * number so tablets replace their copy on the next pull. One transaction; audited as `actorId`.
 */
export function removePersonalDetails(
	deps: RemovalDeps,
	row: ReferralRow,
	reason: RemovalReason,
	actorId: string
): Removal {
	const { placeholder, timeline } = wording[reason];
	return deps.sqlite.transaction((): Removal => {
		const photosDeleted = deps.db
			.delete(attachments)
			.where(eq(attachments.referralId, row.id))
			.run().changes;
		let timelineEntriesChanged = 0;
		const entries = deps.db
			.select({ id: timelineEntries.id, kind: timelineEntries.kind, text: timelineEntries.text })
			.from(timelineEntries)
			.where(eq(timelineEntries.referralId, row.id))
			.all();
		for (const entry of entries) {
			const text = scrubTimelineText(entry.kind, entry.text, placeholder);
			if (text === entry.text) continue;
			deps.db.update(timelineEntries).set({ text }).where(eq(timelineEntries.id, entry.id)).run();
			timelineEntriesChanged += 1;
		}
		// Rows from before fingerprints kept the CRM's notes as text: keep only their fingerprint.
		const outbox = deps.db
			.select({ id: crmOutbox.id, notes: crmOutbox.crmStatusNotes })
			.from(crmOutbox)
			.where(eq(crmOutbox.referralId, row.id))
			.get();
		if (outbox?.notes && outbox.notes !== crmNotesFingerprint(outbox.notes))
			deps.db
				.update(crmOutbox)
				.set({ crmStatusNotes: crmNotesFingerprint(outbox.notes) })
				.where(eq(crmOutbox.id, outbox.id))
				.run();
		// What the figures and the feed show of the place is all that is kept, so they stay the same.
		const place = publicPlace({
			address: row.locationAddress,
			postcode: row.locationPostcode,
			personalDataRemovedAt: row.personalDataRemovedAt
		});
		const now = deps.clock().toISOString();
		updateReferral(deps, row.id, {
			description: placeholder,
			locationAddress: place.street ?? '',
			locationPostcode: place.district,
			lat: roughCoordinate(row.lat),
			lng: roughCoordinate(row.lng),
			residentName: removedName,
			residentAddress: null,
			residentPhone: null,
			residentEmail: null,
			residentPreferredContact: null,
			residentConsentToShare: false,
			residentShareWith: null,
			residentShareWithBodyIds: [],
			photoIds: [],
			ratingComment: null,
			personalDataRemovedAt: now
		});
		addTimeline(deps, { referralId: row.id, kind: 'comment', by: null, text: timeline });
		forgetForwardContent(deps.db, row.id);
		deps.db
			.insert(auditLog)
			.values({
				at: now,
				userId: actorId,
				action: reason === 'retention' ? 'retention' : 'erase',
				referralId: row.id,
				detail: `${timeline}; ${photosDeleted} photo(s) deleted`
			})
			.run();
		return { referralId: row.id, reference: row.reference, photosDeleted, timelineEntriesChanged };
	})();
}
