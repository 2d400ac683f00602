import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Uuid } from './referral.ts';
import {
	newPaperCode,
	paperCheckCharacter,
	paperCodeOf,
	paperReferralId,
	parsePaperCode,
	readPaperCode
} from './paper-reference.ts';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const fiveBytes = fc.uint8Array({ minLength: 5, maxLength: 5 });
const compactOf = (code: string) => code.replace(/^P-/, '').replace(/-/g, '');

describe('paper references', () => {
	it('a printed code maps to a valid referral id and back', () => {
		for (const bytes of [
			[0, 0, 0, 0, 0],
			[255, 255, 255, 255, 255],
			[18, 52, 86, 120, 154]
		]) {
			const code = newPaperCode(new Uint8Array(bytes));
			expect(code).toMatch(/^P-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
			const id = paperReferralId(code);
			expect(Uuid.safeParse(id).success).toBe(true);
			expect(paperCodeOf(id)).toBe(code);
		}
	});

	it('different papers give different referrals', () => {
		const a = paperReferralId(newPaperCode(new Uint8Array([1, 2, 3, 4, 5])));
		const b = paperReferralId(newPaperCode(new Uint8Array([1, 2, 3, 4, 6])));
		expect(a).not.toBe(b);
	});

	it('every printed code checks', () => {
		fc.assert(
			fc.property(fiveBytes, (bytes) => {
				const code = newPaperCode(bytes);
				expect(readPaperCode(code)).toEqual({ kind: 'checked', code });
			})
		);
	});

	it('any one wrong character, the check character included, is caught', () => {
		fc.assert(
			fc.property(fiveBytes, (bytes) => {
				const compact = compactOf(newPaperCode(bytes));
				for (let position = 0; position < compact.length; position += 1)
					for (const wrong of alphabet) {
						if (wrong === compact[position]) continue;
						const typed = compact.slice(0, position) + wrong + compact.slice(position + 1);
						expect(readPaperCode(`P-${typed}`).kind).toBe('wrong-check');
					}
			}),
			{ numRuns: 200 }
		);
	});

	it('any swap of two different neighbours, the check character included, is caught', () => {
		fc.assert(
			fc.property(fiveBytes, (bytes) => {
				const compact = compactOf(newPaperCode(bytes));
				for (let position = 0; position + 1 < compact.length; position += 1) {
					if (compact[position] === compact[position + 1]) continue;
					const typed =
						compact.slice(0, position) +
						compact[position + 1] +
						compact[position] +
						compact.slice(position + 2);
					expect(readPaperCode(`P-${typed}`).kind).toBe('wrong-check');
				}
			}),
			{ numRuns: 500 }
		);
	});

	it('an invented code is refused', () => {
		expect(readPaperCode('P-ZZZZ-0000-0').kind).toBe('wrong-check');
		expect(paperCheckCharacter('ZZZZ0000')).not.toBe('0');
	});

	it('reads a code as a person types it, forgiving case, spaces and look-alike letters', () => {
		const code = newPaperCode(new Uint8Array([18, 52, 86, 120, 154]));
		const [, first, second, check] = code.split('-');
		expect(parsePaperCode(`p ${first.toLowerCase()} ${second.toLowerCase()} ${check}`)).toBe(code);
		expect(parsePaperCode(`${first}${second}${check}`)).toBe(code);
		expect(parsePaperCode('P-7KQ2')).toBeNull();
		expect(parsePaperCode('P-7KQ2-M9XU-0')).toBeNull();
	});

	it('reads a checked code that starts with P, typed without the P in front', () => {
		const chars = 'PKQ2M9XD';
		const code = `P-PKQ2-M9XD-${paperCheckCharacter(chars)}`;
		expect(readPaperCode(chars + paperCheckCharacter(chars))).toEqual({ kind: 'checked', code });
	});

	it('an older note without a check character is read, but marked as unchecked', () => {
		expect(readPaperCode('p 7kq2 m9xd')).toEqual({ kind: 'unchecked', code: 'P-7KQ2-M9XD' });
		expect(readPaperCode('P-7KQ2-M9XO')).toEqual({ kind: 'unchecked', code: 'P-7KQ2-M9X0' });
		// The same paper keyed in with or without its check character is the same referral.
		const checked = `P-7KQ2-M9XD-${paperCheckCharacter('7KQ2M9XD')}`;
		expect(paperReferralId('P-7KQ2-M9XD')).toBe(paperReferralId(checked));
		expect(paperCodeOf(paperReferralId('P-7KQ2-M9XD'))).toBe(checked);
	});

	it('a tablet-made id has no paper code', () => {
		expect(paperCodeOf('01a2081b-f69c-7ff5-af74-6cac6b2191f6')).toBeNull();
	});
});
