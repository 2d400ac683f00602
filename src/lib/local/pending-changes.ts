// What a change queued on the tablet does to the referral the Member sees, before the server
// confirms it: the shown referral is always the server's copy with these effects replayed on top.
import * as z from 'zod/mini';
import { CreateReferral } from '../domain/referral.ts';
import { memberMayEdit, checkMove } from '../domain/status-machine.ts';
import {
	CommentPayload,
	RatePayload,
	ReopenPayload,
	ResidentToldPayload,
	type MutationKind
} from '../domain/sync-protocol.ts';
import type { TimelineEntry } from '../domain/referral.ts';
import type { OutboxEntry, ReferralFields } from './types.ts';

/**
 * Payload of the `edit` mutation: the Member-owned fields that changed. Only allowed before
 * routing. (Not yet in the shared domain; the server needs the same schema, see the report.)
 */
export const EditPayload = z
	.strictObject({
		description: z.optional(CreateReferral.shape.description),
		urgency: z.optional(CreateReferral.shape.urgency),
		location: z.optional(CreateReferral.shape.location),
		resident: z.optional(CreateReferral.shape.resident)
	})
	.check(
		z.refine((p) => Object.values(p).some((v) => v !== undefined), {
			error: 'Nothing was changed'
		})
	);
export type EditPayload = z.infer<typeof EditPayload>;

export type ChangeKind = Exclude<MutationKind, 'create'>;

export const changePayloadSchemas = {
	comment: CommentPayload,
	residentTold: ResidentToldPayload,
	rate: RatePayload,
	reopen: ReopenPayload,
	edit: EditPayload
} satisfies Record<ChangeKind, z.ZodMiniType>;

/** The change written as a sentence, for when an edit arrives after routing and becomes a comment. */
export function describeEdit(edit: EditPayload): string {
	const parts: string[] = [];
	if (edit.description !== undefined) parts.push(`description: ${edit.description}`);
	if (edit.urgency !== undefined) parts.push(`urgency: ${edit.urgency}`);
	if (edit.location !== undefined)
		parts.push(`location: ${edit.location.address}, ${edit.location.postcode}`);
	if (edit.resident !== undefined) {
		const r = edit.resident;
		const details = [r.name, r.address, r.phone, r.email].filter(
			(v) => v !== undefined && v !== ''
		);
		parts.push(`resident: ${details.join(', ')}`);
	}
	return `Please change the ${parts.join('; ')}`;
}

type Change = Pick<OutboxEntry, 'id' | 'kind' | 'payload' | 'createdAt' | 'authorName'>;

function pendingEntry(change: Change, kind: TimelineEntry['kind'], text: string): TimelineEntry {
	return { id: change.id, at: change.createdAt, kind, by: change.authorName ?? 'You', text };
}

/** One queued change applied to a referral; a change that no longer fits the status shows as a note. */
export function applyChange(fields: ReferralFields, change: Change): ReferralFields {
	const next: ReferralFields = {
		...fields,
		updatedAt: change.createdAt > fields.updatedAt ? change.createdAt : fields.updatedAt
	};
	switch (change.kind) {
		case 'create':
			return fields;
		case 'comment': {
			const { text } = change.payload as z.infer<typeof CommentPayload>;
			next.timeline = [...fields.timeline, pendingEntry(change, 'comment', text)];
			return next;
		}
		case 'residentTold':
			next.residentToldAt = fields.residentToldAt ?? change.createdAt;
			return next;
		case 'rate':
			next.rating = (change.payload as z.infer<typeof RatePayload>).score;
			return next;
		case 'reopen': {
			const { reason } = change.payload as z.infer<typeof ReopenPayload>;
			if (checkMove(fields.status, 'reopened').ok) next.status = 'reopened';
			next.timeline = [...fields.timeline, pendingEntry(change, 'reopened', reason)];
			return next;
		}
		case 'edit': {
			const edit = change.payload as EditPayload;
			if (!memberMayEdit(fields.status)) {
				next.timeline = [...fields.timeline, pendingEntry(change, 'comment', describeEdit(edit))];
				return next;
			}
			if (edit.description !== undefined) next.description = edit.description;
			if (edit.urgency !== undefined) next.urgency = edit.urgency;
			if (edit.location !== undefined) next.location = edit.location;
			if (edit.resident !== undefined) next.resident = edit.resident;
			return next;
		}
	}
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
		(fields, change) => (known.has(change.id) ? fields : applyChange(fields, change)),
		base
	);
}
