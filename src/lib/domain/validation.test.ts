import { describe, expect, it } from 'vitest';
import { CreateReferral } from './referral.ts';
import { CommentPayload } from './mutations.ts';
import { fieldErrors, isStorableText, unstorableTextMessage } from './validation.ts';

describe('text Wardline cannot store', () => {
	it('is half of a surrogate pair; whole pairs (emoji) and other text are fine', () => {
		for (const text of ['x\uD800y', '\uDC00', 'end\uD83D', '\uDE00start'])
			expect(isStorableText(text), JSON.stringify(text)).toBe(false);
		for (const text of ['', 'plain', 'Café', '🚧', '👩🏽‍🦱', 'عربى', '\uFFFD'])
			expect(isStorableText(text), text).toBe(true);
	});

	it('the tablet’s capture form says so beside the field, and nothing is trimmed or replaced', () => {
		const parsed = CreateReferral.safeParse({
			wardId: 'ward-belah',
			categoryId: 'cat-pothole',
			channel: 'surgery',
			urgency: 'routine',
			description: 'Broken \uD83D light',
			location: { address: '12 Warwick Road', postcode: 'CA1 1AA' },
			resident: { name: 'Mary Smith' },
			capturedAt: '2026-03-02T08:30:00.000Z'
		});
		expect(parsed.success).toBe(false);
		if (!parsed.success)
			expect(fieldErrors(parsed.error)).toEqual({ description: unstorableTextMessage });
		expect(CommentPayload.safeParse({ text: '  Fixed 🚧  ' })).toEqual({
			success: true,
			data: { text: 'Fixed 🚧' }
		});
	});
});
