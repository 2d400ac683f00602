// Pre-printed references on paper referral notes. The code on the paper ("P-7KQ2-M9XD") maps
// to the referral's id, so keying the same paper form in twice is the same referral, and a
// referral keyed from paper can show which form it came from.

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U
const idPrefix = '5741524c-5000-8000-8000-00'; // "WARL" + UUID version 8, variant bits

/** A new paper code from 5 random bytes (40 bits), e.g. "P-7KQ2-M9XD". */
export function newPaperCode(random: Uint8Array): string {
	let value = 0n;
	for (const byte of random.subarray(0, 5)) value = (value << 8n) | BigInt(byte);
	let chars = '';
	for (let i = 0; i < 8; i += 1) {
		chars = alphabet[Number(value & 31n)] + chars;
		value >>= 5n;
	}
	return `P-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** Reads what a person typed ("p 7kq2 m9xd", "7KQ2M9XD"); null if it is not a paper code. */
export function parsePaperCode(input: string): string | null {
	const compact = input
		.toUpperCase()
		.replace(/[\s-]/g, '')
		.replace(/^P/, '')
		.replace(/O/g, '0')
		.replace(/[IL]/g, '1');
	if (!/^[0-9A-HJKMNP-TV-Z]{8}$/.test(compact)) return null;
	return `P-${compact.slice(0, 4)}-${compact.slice(4)}`;
}

/** The referral id a paper code stands for (a UUID version 8). */
export function paperReferralId(code: string): string {
	let value = 0n;
	for (const ch of code.replace(/^P-/, '').replace('-', ''))
		value = value * 32n + BigInt(alphabet.indexOf(ch));
	return idPrefix + value.toString(16).padStart(10, '0');
}

/** The paper code a referral id came from, or null for referrals captured on a tablet. */
export function paperCodeOf(referralId: string): string | null {
	if (!referralId.startsWith(idPrefix)) return null;
	let value = BigInt(`0x${referralId.slice(idPrefix.length)}`);
	let chars = '';
	for (let i = 0; i < 8; i += 1) {
		chars = alphabet[Number(value & 31n)] + chars;
		value >>= 5n;
	}
	return `P-${chars.slice(0, 4)}-${chars.slice(4)}`;
}
