// What a change queued on the tablet does to the referral the Member sees, before the server
// confirms it: the shown referral is always the server's copy with these effects replayed on top,
// each decided by the same rule the server applies (../domain/mutations.ts).
import { applyChange, noteOf, type Change, type ReferralPatch } from '../domain/mutations.ts';
import type { TimelineEntry } from '../domain/referral.ts';
import type { OutboxEntry, ReferralFields } from './types.ts';

type QueuedChange = Pick<OutboxEntry, 'id' | 'kind' | 'payload' | 'createdAt' | 'authorName'>;

function pendingEntry(change: QueuedChange, note: Omit<TimelineEntry, 'id' | 'at' | 'by'>) {
	return { id: change.id, at: change.createdAt, by: change.authorName ?? 'You', ...note };
}

/** The patch in the tablet's shape: ratingComment is the server's alone. */
function patched(
	fields: ReferralFields,
	{ ratingComment: _, ...own }: ReferralPatch
): ReferralFields {
	return { ...fields, ...own };
}

/**
 * One queued change applied to a referral. A change that no longer fits the referral's status
 * (the server will refuse it) keeps only its timeline entry, so the Member's words stay in view
 * without an effect the server will not make.
 */
export function replayChange(fields: ReferralFields, change: QueuedChange): ReferralFields {
	if (change.kind === 'create') return fields;
	// Outbox payloads were checked when queued: the stored row is trusted.
	const checked = { kind: change.kind, payload: change.payload } as Change;
	const next: ReferralFields = {
		...fields,
		updatedAt: change.createdAt > fields.updatedAt ? change.createdAt : fields.updatedAt
	};
	const outcome = applyChange(fields, checked, change.createdAt);
	const note = outcome.ok ? outcome.note : noteOf(checked);
	const shown = outcome.ok ? patched(next, outcome.patch) : next;
	return note ? { ...shown, timeline: [...fields.timeline, pendingEntry(change, note)] } : shown;
}

/** The server's copy with every queued change (oldest first) replayed on top. */
export function replayChanges(
	base: ReferralFields,
	changes: readonly OutboxEntry[]
): ReferralFields {
	const ordered = [...changes].sort((a, b) =>
		a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1
	);
	const known = new Set(base.timeline.map((entry) => entry.id));
	// A change the server already applied may show in its timeline under the mutation id.
	return ordered.reduce(
		(fields, change) => (known.has(change.id) ? fields : replayChange(fields, change)),
		base
	);
}
