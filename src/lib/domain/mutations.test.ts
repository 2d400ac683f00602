import { describe, expect, it } from 'vitest';
import type { Status } from './enums.ts';
import {
	applyChange,
	describeEdit,
	parseChange,
	type Change,
	type ChangeKind
} from './mutations.ts';
import { describeError } from './validation.ts';

const at = '2026-03-04T10:00:00.000Z';
const answered = { status: 'responded' as Status, respondedAt: '2026-03-03T09:00:00.000Z' };
const routed = { status: 'routed' as Status, respondedAt: null };

function change(kind: ChangeKind, payload: unknown): Change {
	const parsed = parseChange(kind, payload);
	if (!parsed.success) throw new Error(describeError(parsed.error));
	return parsed.change;
}

describe('change payloads', () => {
	it('an edit may change the urgency, and must change something', () => {
		expect(change('edit', { urgency: 'urgent' })).toEqual({
			kind: 'edit',
			payload: { urgency: 'urgent' }
		});
		const empty = parseChange('edit', {});
		expect(empty.success).toBe(false);
		if (!empty.success) expect(describeError(empty.error)).toBe('Nothing was changed');
	});

	it('are strict: a field the kind does not have is refused by name', () => {
		const parsed = parseChange('comment', { text: 'hello', urgency: 'urgent' });
		expect(parsed.success).toBe(false);
		if (!parsed.success) expect(describeError(parsed.error)).toBe('Unknown field urgency');
	});

	it('trim text, and refuse a note that is only spaces', () => {
		expect(change('comment', { text: '  Still there ' }).payload).toEqual({ text: 'Still there' });
		const blank = parseChange('comment', { text: '   ' });
		expect(blank.success || describeError(blank.error)).toBe(
			'text: Write the note before sending it'
		);
	});
});

describe('applyChange', () => {
	it('a comment leaves a note and changes no field', () => {
		expect(applyChange(routed, change('comment', { text: 'Any news?' }), at)).toEqual({
			ok: true,
			effect: 'comment',
			patch: {},
			note: { kind: 'comment', text: 'Any news?' }
		});
	});

	it('an edit before routing changes the Member’s fields, urgency included, with no note', () => {
		const edit = change('edit', {
			description: 'Two potholes now',
			urgency: 'soon',
			location: { address: '14 Otley Road', postcode: 'ls6 3aa' }
		});
		for (const status of ['draft', 'submitted'] as const)
			expect(applyChange({ status, respondedAt: null }, edit, at)).toEqual({
				ok: true,
				effect: 'edit',
				patch: {
					description: 'Two potholes now',
					urgency: 'soon',
					location: { address: '14 Otley Road', postcode: 'LS6 3AA' }
				},
				note: null
			});
	});

	it('an edit after routing becomes a note to the service team, in one wording', () => {
		const edit = change('edit', {
			description: 'Two potholes now',
			urgency: 'urgent',
			resident: { name: 'Ada Lovelace', phone: '0113 496 0000', preferredContact: 'phone' }
		});
		const text =
			"Please change the description to: Two potholes now; the urgency to: Urgent (danger or hardship); the resident's details to: Ada Lovelace, 0113 496 0000";
		expect(edit.kind === 'edit' && describeEdit(edit.payload)).toBe(text);
		for (const status of ['routed', 'in_progress', 'responded', 'closed', 'reopened'] as const)
			expect(applyChange({ status, respondedAt: null }, edit, at)).toEqual({
				ok: true,
				effect: 'edit as comment',
				patch: {},
				note: { kind: 'comment', text }
			});
	});

	it('"resident told" needs an answer, and records when', () => {
		const told = change('residentTold', {});
		expect(applyChange(routed, told, at)).toEqual({
			ok: false,
			reason: 'You can tell the resident once the service team has answered'
		});
		expect(applyChange({ status: 'reopened', respondedAt: at }, told, at).ok).toBe(false);
		for (const status of ['responded', 'closed'] as const)
			expect(applyChange({ ...answered, status }, told, at)).toEqual({
				ok: true,
				effect: 'resident told',
				patch: { residentToldAt: at },
				note: { kind: 'resident_told', text: 'Resident told about the answer' }
			});
	});

	it('a rating needs an answer given, and keeps it while reopened', () => {
		const rate = change('rate', { score: 4, comment: ' Quick ' });
		const refused = {
			ok: false,
			reason: 'You can rate the answer once the service team has responded'
		};
		expect(applyChange(routed, rate, at)).toEqual(refused);
		// A status that says answered is not enough without the answer itself.
		expect(applyChange({ status: 'closed', respondedAt: null }, rate, at)).toEqual(refused);
		for (const status of ['responded', 'closed', 'reopened'] as const)
			expect(applyChange({ ...answered, status }, rate, at)).toEqual({
				ok: true,
				effect: 'rating',
				patch: { rating: 4, ratingComment: 'Quick' },
				note: { kind: 'rating', text: 'Rated the answer 4 out of 5: Quick' }
			});
		expect(applyChange(answered, change('rate', { score: 2 }), at)).toMatchObject({
			patch: { rating: 2, ratingComment: null },
			note: { text: 'Rated the answer 2 out of 5' }
		});
	});

	it('reopening follows the status machine', () => {
		const reopen = change('reopen', { reason: 'Still broken' });
		expect(applyChange(answered, reopen, at)).toEqual({
			ok: true,
			effect: 'reopen',
			patch: { status: 'reopened' },
			note: { kind: 'reopened', text: 'Reopened: Still broken' }
		});
		expect(applyChange(routed, reopen, at)).toEqual({
			ok: false,
			reason: 'A routed referral can only move to in progress or rejected.'
		});
		expect(applyChange({ status: 'reopened', respondedAt: at }, reopen, at)).toEqual({
			ok: false,
			reason: 'The referral is already reopened.'
		});
		expect(applyChange({ status: 'closed', respondedAt: at }, reopen, at)).toEqual({
			ok: false,
			reason: 'A closed referral cannot change status.'
		});
	});
});
