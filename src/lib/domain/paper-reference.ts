// Pre-printed references on paper referral notes. The code on the paper ("P-7KQ2-M9XD-8") maps
// to the referral's id, so keying the same paper form in twice is the same referral, and a
// referral keyed from paper can show which form it came from.
//
// The last character is a check character (Damm's algorithm over the code's own 32-letter
// alphabet), so a mistyped or invented code is refused at key-in: every single wrong character
// and every swap of two neighbours is caught. It is not part of the id: the id is made from the
// eight characters before it, as it always was.
//
// Notes printed before the check character (eight characters, "P-7KQ2-M9XD") cannot be checked:
// their codes were drawn at random on the printing tablet and the server keeps no record of
// which were printed. They are still accepted, because such notes are in Members' folders, but
// only from a scan of the note's QR code or once the support officer has confirmed the code
// against the paper (see `readPaperCode`).

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U
const idPrefix = '5741524c-5000-8000-8000-00'; // "WARL" + UUID version 8, variant bits

/** Multiplies by the generator 2 in GF(32) (modulus x⁵ + x² + 1). */
function times2(value: number): number {
	const shifted = value << 1;
	return shifted & 32 ? shifted ^ 0b100101 : shifted;
}

/**
 * Damm's fold with the quasigroup x∘y = 2x + y over GF(32): totally anti-symmetric because
 * 2 ≠ 1, so a swap of two different neighbours always changes the result, and a bijection in
 * each argument, so any one wrong character does too.
 */
function dammFold(chars: string): number {
	let interim = 0;
	for (const ch of chars) interim = times2(interim) ^ alphabet.indexOf(ch);
	return interim;
}

/** The check character for the eight characters of a code ("7KQ2M9XD"). */
export function paperCheckCharacter(chars: string): string {
	// The character c with interim∘c = 0 is 2·interim (addition in GF(32) is xor).
	return alphabet[times2(dammFold(chars))];
}

function format(chars: string): string {
	return `P-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${paperCheckCharacter(chars.slice(0, 8))}`;
}

function charsOf(value: bigint): string {
	let chars = '';
	for (let i = 0; i < 8; i += 1) {
		chars = alphabet[Number(value & 31n)] + chars;
		value >>= 5n;
	}
	return chars;
}

/** A new paper code from 5 random bytes (40 bits) and its check character, e.g. "P-7KQ2-M9XD-8". */
export function newPaperCode(random: Uint8Array): string {
	let value = 0n;
	for (const byte of random.subarray(0, 5)) value = (value << 8n) | BigInt(byte);
	return format(charsOf(value));
}

export type PaperCodeReading =
	| { kind: 'checked'; code: string }
	| { kind: 'unchecked'; code: string }
	| { kind: 'wrong-check'; code: string }
	| { kind: 'not-a-code' };

/**
 * Reads what a person typed ("p 7kq2 m9xd 8", "7KQ2M9XD8"), forgiving case, spaces, dashes and
 * look-alike letters. Nine characters are checked; eight are an older note's, which cannot be.
 */
export function readPaperCode(input: string): PaperCodeReading {
	let compact = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
	// The "P" in front is optional; nine characters starting with P are a checked code if they
	// check, else "P" and an older note's eight.
	if (
		compact.length === 10 ||
		(compact.length === 9 && compact[0] === 'P' && dammFold(compact) !== 0)
	)
		compact = compact.replace(/^P/, '');
	if (!/^[0-9A-HJKMNP-TV-Z]{8,9}$/.test(compact)) return { kind: 'not-a-code' };
	const code = format(compact);
	if (compact.length === 8) return { kind: 'unchecked', code: code.slice(0, -2) };
	return dammFold(compact) === 0 ? { kind: 'checked', code } : { kind: 'wrong-check', code };
}

/** A checked code ("P-7KQ2-M9XD-8") or an older unchecked one ("P-7KQ2-M9XD"); null otherwise. */
export function parsePaperCode(input: string): string | null {
	const reading = readPaperCode(input);
	return reading.kind === 'checked' || reading.kind === 'unchecked' ? reading.code : null;
}

/** The referral id a paper code stands for (a UUID version 8); the check character is not in it. */
export function paperReferralId(code: string): string {
	let value = 0n;
	for (const ch of code.replace(/^P-/, '').replace(/-/g, '').slice(0, 8))
		value = value * 32n + BigInt(alphabet.indexOf(ch));
	return idPrefix + value.toString(16).padStart(10, '0');
}

/** The paper code a referral id came from, with its check character; null for tablet-made ids. */
export function paperCodeOf(referralId: string): string | null {
	if (!referralId.startsWith(idPrefix)) return null;
	return format(charsOf(BigInt(`0x${referralId.slice(idPrefix.length)}`)));
}
