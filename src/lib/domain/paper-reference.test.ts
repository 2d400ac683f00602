import { describe, expect, it } from 'vitest';
import { Uuid } from './referral.ts';
import { newPaperCode, paperCodeOf, paperReferralId, parsePaperCode } from './paper-reference.ts';

describe('paper references', () => {
	it('a printed code maps to a valid referral id and back', () => {
		for (const bytes of [
			[0, 0, 0, 0, 0],
			[255, 255, 255, 255, 255],
			[18, 52, 86, 120, 154]
		]) {
			const code = newPaperCode(new Uint8Array(bytes));
			expect(code).toMatch(/^P-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
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

	it('reads a code as a person types it, forgiving case, spaces and look-alike letters', () => {
		expect(parsePaperCode('p 7kq2 m9xd')).toBe('P-7KQ2-M9XD');
		expect(parsePaperCode('7KQ2M9XD')).toBe('P-7KQ2-M9XD');
		expect(parsePaperCode('P-7KQ2-M9XO')).toBe('P-7KQ2-M9X0');
		expect(parsePaperCode('P-7KQ2')).toBeNull();
		expect(parsePaperCode('P-7KQ2-M9XU')).toBeNull();
	});

	it('a tablet-made id has no paper code', () => {
		expect(paperCodeOf('01a2081b-f69c-7ff5-af74-6cac6b2191f6')).toBeNull();
	});
});
