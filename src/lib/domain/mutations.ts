// What each change to an existing referral does, decided once for the server, the tablet's replay
// of its queued changes and the test server: the payload of every kind of change, and one pure
// function from (the referral as it is, the change) to its effect, or the reason it cannot be made.
// Writing the effect down (SQLite, Dexie, memory) and what follows from it is the caller's.
import * as z from 'zod/mini';
import { urgencyLabels, type Status, type Urgency } from './enums.ts';
import {
	CreateReferral,
	limits,
	type Location,
	type Resident,
	type TimelineKind
} from './referral.ts';
import {
	checkMove,
	memberMayEdit,
	memberMayRate,
	memberMayTellResident
} from './status-machine.ts';
import type { MutationKind } from './sync-protocol.ts';
import { storableText } from './validation.ts';

export const CommentPayload = z.strictObject({
	text: z
		.string()
		.check(
			z.trim(),
			storableText(),
			z.minLength(1, { error: 'Write the note before sending it' }),
			z.maxLength(limits.comment, { error: 'Keep the note under 5,000 characters' })
		)
});
export type CommentPayload = z.infer<typeof CommentPayload>;

export const ResidentToldPayload = z.strictObject({});
export type ResidentToldPayload = z.infer<typeof ResidentToldPayload>;

export const RatePayload = z.strictObject({
	score: z
		.number()
		.check(
			z.int({ error: 'Give a whole number from 1 to 5' }),
			z.minimum(1, { error: 'Give a rating from 1 to 5' }),
			z.maximum(5, { error: 'Give a rating from 1 to 5' })
		),
	comment: z.optional(
		z
			.string()
			.check(
				z.trim(),
				storableText(),
				z.maxLength(limits.comment, { error: 'Keep the comment under 5,000 characters' })
			)
	)
});
export type RatePayload = z.infer<typeof RatePayload>;

export const ReopenPayload = z.strictObject({
	reason: z
		.string()
		.check(
			z.trim(),
			storableText(),
			z.minLength(1, { error: 'Say why the problem is not fixed' }),
			z.maxLength(limits.comment, { error: 'Keep the reason under 5,000 characters' })
		)
});
export type ReopenPayload = z.infer<typeof ReopenPayload>;

/**
 * The Member-owned fields that changed. The Member owns what they captured until the referral is
 * routed, urgency included; after that the service team does, and the edit becomes a note to it.
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

/** Every kind of mutation but `create`, which makes a referral rather than changing one. */
export type ChangeKind = Exclude<MutationKind, 'create'>;

export const changePayloads = {
	comment: CommentPayload,
	edit: EditPayload,
	residentTold: ResidentToldPayload,
	rate: RatePayload,
	reopen: ReopenPayload
} satisfies Record<ChangeKind, z.ZodMiniType>;

/** A change with its payload checked. */
export type Change =
	| { kind: 'comment'; payload: CommentPayload }
	| { kind: 'edit'; payload: EditPayload }
	| { kind: 'residentTold'; payload: ResidentToldPayload }
	| { kind: 'rate'; payload: RatePayload }
	| { kind: 'reopen'; payload: ReopenPayload };

export type ParsedChange =
	{ success: true; change: Change } | { success: false; error: z.core.$ZodError };

/** Checks a change's payload against its kind; the error is zod's, for per-field or one-line messages. */
export function parseChange(kind: ChangeKind, payload: unknown): ParsedChange {
	const parsed = changePayloads[kind].safeParse(payload);
	if (!parsed.success) return { success: false, error: parsed.error };
	return { success: true, change: { kind, payload: parsed.data } as Change };
}

/** What a change needs to know of the referral it meets. */
export interface ReferralState {
	status: Status;
	respondedAt: string | null;
}

/** The fields a change sets; those absent stay as they are. */
export interface ReferralPatch {
	description?: string;
	urgency?: Urgency;
	location?: Location;
	resident?: Resident;
	status?: Status;
	residentToldAt?: string;
	rating?: number;
	ratingComment?: string | null;
}

/** A timeline entry a change leaves; who wrote it, when and under which id is the caller's. */
export interface TimelineNote {
	kind: TimelineKind;
	text: string;
}

/** What the change did, in a word (the server's audit log records it). */
export type ChangeEffect =
	'comment' | 'edit' | 'edit as comment' | 'resident told' | 'rating' | 'reopen';

export type ChangeOutcome =
	| { ok: true; effect: ChangeEffect; patch: ReferralPatch; note: TimelineNote | null }
	| { ok: false; reason: string };

/** An edit that arrives after routing, written as the request to the service team it becomes. */
export function describeEdit(edit: EditPayload): string {
	const parts: string[] = [];
	if (edit.description !== undefined) parts.push(`the description to: ${edit.description}`);
	if (edit.urgency !== undefined) parts.push(`the urgency to: ${urgencyLabels[edit.urgency]}`);
	if (edit.location !== undefined)
		parts.push(`the location to: ${edit.location.address}, ${edit.location.postcode}`);
	if (edit.resident !== undefined) {
		const r = edit.resident;
		const details = [r.name, r.address, r.phone, r.email].filter(
			(v) => v !== undefined && v !== ''
		);
		parts.push(`the resident's details to: ${details.join(', ')}`);
	}
	return `Please change ${parts.join('; ')}`;
}

/** The timeline entry a change leaves when it is made (an edit: as the note it becomes after routing). */
export function noteOf(change: Change): TimelineNote {
	switch (change.kind) {
		case 'comment':
			return { kind: 'comment', text: change.payload.text };
		case 'edit':
			return { kind: 'comment', text: describeEdit(change.payload) };
		case 'residentTold':
			return { kind: 'resident_told', text: 'Resident told about the answer' };
		case 'rate': {
			const { score, comment } = change.payload;
			return {
				kind: 'rating',
				text: `Rated the answer ${score} out of 5${comment ? `: ${comment}` : ''}`
			};
		}
		case 'reopen':
			return { kind: 'reopened', text: `Reopened: ${change.payload.reason}` };
	}
}

function editedFields(edit: EditPayload): ReferralPatch {
	const patch: ReferralPatch = {};
	if (edit.description !== undefined) patch.description = edit.description;
	if (edit.urgency !== undefined) patch.urgency = edit.urgency;
	if (edit.location !== undefined) patch.location = edit.location;
	if (edit.resident !== undefined) patch.resident = edit.resident;
	return patch;
}

/**
 * The effect of `change` on a referral in `referral`'s state, made at `at` (ISO time): the fields
 * it sets and the timeline entry it leaves, or why it cannot be made. The server owns status; a
 * change only asks for what the status machine allows.
 */
export function applyChange(referral: ReferralState, change: Change, at: string): ChangeOutcome {
	const note = noteOf(change);
	switch (change.kind) {
		case 'comment':
			return { ok: true, effect: 'comment', patch: {}, note };
		case 'edit':
			if (!memberMayEdit(referral.status))
				return { ok: true, effect: 'edit as comment', patch: {}, note };
			return { ok: true, effect: 'edit', patch: editedFields(change.payload), note: null };
		case 'residentTold':
			if (!memberMayTellResident(referral.status))
				return {
					ok: false,
					reason: 'You can tell the resident once the service team has answered'
				};
			return { ok: true, effect: 'resident told', patch: { residentToldAt: at }, note };
		case 'rate':
			if (referral.respondedAt === null || !memberMayRate(referral.status))
				return { ok: false, reason: 'You can rate the answer once the service team has responded' };
			return {
				ok: true,
				effect: 'rating',
				patch: { rating: change.payload.score, ratingComment: change.payload.comment ?? null },
				note
			};
		case 'reopen': {
			const move = checkMove(referral.status, 'reopened');
			if (!move.ok) return { ok: false, reason: move.reason };
			return { ok: true, effect: 'reopen', patch: { status: 'reopened' }, note };
		}
	}
}
