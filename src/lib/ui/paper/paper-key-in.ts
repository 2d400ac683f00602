// What the key-in form makes of a paper note's reference: the code to use, or a message saying
// what is wrong and what to do. An older note's unchecked code needs the officer's word that it
// was read against the paper, unless it came from the note's QR code (read exactly).
import { readPaperCode } from '$lib/domain/paper-reference.ts';

export type PaperKeyIn =
	{ ok: true; code: string } | { ok: false; message: string; needsConfirmation?: boolean };

export function checkPaperKeyIn(
	input: string,
	{ confirmedUnchecked, scanned }: { confirmedUnchecked: boolean; scanned: string | null }
	// scanned: the code read from the note's QR code, if it was scanned
): PaperKeyIn {
	const reading = readPaperCode(input);
	switch (reading.kind) {
		case 'not-a-code':
			return {
				ok: false,
				message:
					'Enter the reference printed on the paper note: P, then nine letters and numbers, like P-7KQ2-M9XD-M'
			};
		case 'wrong-check':
			return {
				ok: false,
				message: `${reading.code} is not a reference printed by Wardline: a character is probably wrong or two are swapped. Check it against the paper note, or scan its QR code.`
			};
		case 'unchecked':
			if (confirmedUnchecked || scanned === reading.code) return { ok: true, code: reading.code };
			return {
				ok: false,
				needsConfirmation: true,
				message: `${reading.code} has no check character (notes printed before December 2026), so Wardline cannot tell if it is typed right. Check every character against the paper, then tick the box below, or scan the note's QR code.`
			};
		case 'checked':
			return { ok: true, code: reading.code };
	}
}
