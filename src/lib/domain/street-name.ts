// The street of an address, without house or flat numbers or "outside"/"rear of": how two
// referrals are found to be on the same street, and what a street suggestion offers.

const position =
	/^(outside|opposite|opp\.?|near|nr\.?|behind|beside|by|next to|rear of|back of|front of|junction of|corner of|at|on)\s+/i;
const dwelling = /^(flat|apartment|apt\.?|unit|room|block|floor|suite)\s+[a-z0-9/-]+\s*/i;
const houseNumber = /^\d+[a-z]?(?:[-/]\d+[a-z]?)?$/i;

function tidy(part: string): string {
	let text = part.trim();
	for (let before = ''; before !== text;) {
		before = text;
		text = text.replace(position, '').replace(dwelling, '').trim();
	}
	return text
		.split(/\s+/)
		.filter((word) => word !== '' && !houseNumber.test(word))
		.join(' ');
}

/** "Rear of 40 Greystone Road, Carlisle" -> "Greystone Road"; null when no part has letters. */
export function streetName(address: string): string | null {
	for (const part of address.split(/[,\n]/)) {
		const street = tidy(part);
		if (/[a-z]/i.test(street)) return street;
	}
	return null;
}

/** The same street however it was typed: "greystone rd" and "Greystone Road" match. */
export function streetKey(address: string): string | null {
	const street = streetName(address);
	if (!street) return null;
	return street
		.toLowerCase()
		.replace(/\b(rd)\b/g, 'road')
		.replace(/\b(st)\b/g, 'street')
		.replace(/\b(ave)\b/g, 'avenue')
		.replace(/\b(ln)\b/g, 'lane')
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}
