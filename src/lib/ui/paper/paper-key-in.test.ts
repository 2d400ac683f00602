import { describe, expect, it } from 'vitest';
import { paperCheckCharacter } from '$lib/domain/paper-reference.ts';
import { checkPaperKeyIn } from './paper-key-in.ts';

const typed = { confirmedUnchecked: false, scanned: null };

describe('keying in a paper note reference', () => {
	it('takes a code whose check character fits', () => {
		const code = `P-7KQ2-M9XD-${paperCheckCharacter('7KQ2M9XD')}`;
		expect(checkPaperKeyIn(code.toLowerCase(), typed)).toEqual({ ok: true, code });
	});

	it('refuses an invented or mistyped code, saying what to do', () => {
		const result = checkPaperKeyIn('P-ZZZZ-0000-0', typed);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.message).toMatch(/not a reference printed by Wardline.*Check it/);
		const swapped = checkPaperKeyIn(`P-K7Q2-M9XD-${paperCheckCharacter('7KQ2M9XD')}`, typed);
		expect(swapped.ok).toBe(false);
	});

	it('refuses what is not a code at all', () => {
		const result = checkPaperKeyIn('CR-2026-00012', typed);
		expect(!result.ok && result.message).toMatch(/^Enter the reference printed on the paper note/);
	});

	it('takes an older unchecked code only once confirmed against the paper, or scanned', () => {
		const refused = checkPaperKeyIn('P-7KQ2-M9XD', typed);
		expect(refused).toMatchObject({ ok: false, needsConfirmation: true });
		expect(checkPaperKeyIn('P-7KQ2-M9XD', { confirmedUnchecked: true, scanned: null })).toEqual({
			ok: true,
			code: 'P-7KQ2-M9XD'
		});
		expect(
			checkPaperKeyIn('P-7KQ2-M9XD', { confirmedUnchecked: false, scanned: 'P-7KQ2-M9XD' })
		).toEqual({ ok: true, code: 'P-7KQ2-M9XD' });
		// A scan of one note does not vouch for a different code typed afterwards.
		expect(
			checkPaperKeyIn('P-7KQ2-M9XE', { confirmedUnchecked: false, scanned: 'P-7KQ2-M9XD' }).ok
		).toBe(false);
	});
});
