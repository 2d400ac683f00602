// How Wardline reads a street out of an address, the one rule for the tablet and the server:
// no house, flat or house-name part, and no full postcode. Insights, exports, the Open311 feed,
// erasure (server/privacy/anonymise.ts) and "possibly the same problem" all show and compare
// streets through it, so a street is never more precise in one place than in another.

// A dwelling inside a building and its number ("Flat 3", "Apartment 12b", "no. 9", "House 5").
const dwellingWords = 'flat|apartment|apt|unit|room|maisonette|block|floor|suite|house|no|number';
// In an address a lone letter is one too ("Flat A", "Block B"); in free text "house a" is English.
const dwellingInAddress = new RegExp(
	`\\b(?:${dwellingWords})\\.?(?:\\s*\\d[\\w/-]*|\\s+[a-z](?![\\w'-]))`,
	'gi'
);
export const dwellingInText = new RegExp(`\\b(?:${dwellingWords})\\.?\\s*\\d+[a-z]?\\b`, 'gi');
// A house number anywhere: "12", "12a", "221B", "12-14", "3/1" (not "3rd" or "A595").
export const houseNumber = /(^|\s)\d+[a-z]?(?:\s*[-/]\s*\d+[a-z]?)?(?=[\s.,;:]|$)/gi;
export const fullPostcode = /\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b/gi;
// Leading words that describe a position rather than a place ("Outside 14 Mill Lane").
const positionWords =
	/^(outside|opposite|opp\.?|near|nr\.?|behind|beside|by|next to|rear of|back of|front of|junction of|corner of|at|on)\s+/i;
// Words that end the name of a street. "hall" is not one: "Oak Hall" is someone's home.
const streetWords = new Set(
	(
		'road rd street st lane ln avenue ave close drive dr way place pl terrace crescent gardens ' +
		'court ct grove hill row square walk view park green mews rise gate parade bank brow ' +
		'croft fold wynd end side vale yard approach circus boulevard embankment quay wharf ' +
		'estate chase meadow meadows fields cottages villas buildings lonning broadway highway bypass'
	).split(' ')
);
// A named dwelling ("Rose Cottage", "High Farm", "Park House") identifies a household.
const houseName = /\b(cottage|farm|farmhouse|house|lodge|barn|villa|manor|bungalow|hall)$/i;

const hasStreetWord = (part: string) =>
	part
		.toLowerCase()
		.split(/\s+/)
		.some((word) => streetWords.has(word.replace(/[^a-z]/g, '')));

const smallWords = new Set(['and', 'of', 'the', 'upon', 'on', 'in', 'by', 'at']);
/** "12-14 CHURCH STREET" and "church street" both read "Church Street"; "and" stays small. */
export const titleCase = (text: string) =>
	text
		.toLowerCase()
		.replace(/(^|[\s'-])([a-z]+)/g, (whole, lead: string, word: string) =>
			lead !== '' && smallWords.has(word) ? whole : lead + word[0].toUpperCase() + word.slice(1)
		);

const tidy = (text: string) =>
	text
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/^[,.;:\s-]+|[,.;:\s-]+$/g, '');

/** One comma-separated part of an address, without its numbers, and whether one led it. */
export function readPart(raw: string): { text: string; numbered: boolean } {
	let text = tidy(raw.replace(fullPostcode, ' ').replace(dwellingInAddress, ' '));
	for (let before = ''; before !== text;) {
		before = text;
		text = text.replace(positionWords, '').trim();
	}
	const numbered = /^\d/.test(text);
	return { text: tidy(text.replace(houseNumber, ' ')), numbered };
}

export const publishable = (text: string) => /[a-z]/i.test(text) && !houseName.test(text);

/**
 * The street of an address with no house, flat or house-name part: "Flat 3, 12a Warwick Road,
 * Carlisle" gives "Warwick Road". A part counts as a street if it names one ("Mill Lane") or
 * followed a house number ("5 Botchergate"); any other part ("Rose Cottage", "The Willows",
 * "Carlisle") may be a house's name, so it is never used. Null when no part qualifies.
 */
export function streetOf(address: string): string | null {
	const parts = address
		.split(/[,\n]/)
		.map(readPart)
		.filter((part) => publishable(part.text));
	const street =
		parts.find((part) => hasStreetWord(part.text)) ?? parts.find((part) => part.numbered);
	return street ? titleCase(street.text) : null;
}

/** The outward code of a UK postcode ("LS1 4AP" gives "LS1"); anything else gives "". */
export function postcodeDistrict(postcode: string): string {
	const compact = postcode.replace(/\s+/g, '').toUpperCase();
	const match = /^([A-Z]{1,2}[0-9][A-Z0-9]?)[0-9][A-Z]{2}$/.exec(compact);
	if (match) return match[1];
	// An outward code alone ("CA1") is already a district.
	return /^[A-Z]{1,2}[0-9][A-Z0-9]?$/.test(compact) ? compact : '';
}

const abbreviations: [RegExp, string][] = [
	[/\brd\b/g, 'road'],
	[/\bst\b/g, 'street'],
	[/\bave\b/g, 'avenue'],
	[/\bln\b/g, 'lane'],
	[/\bdr\b/g, 'drive'],
	[/\bpl\b/g, 'place'],
	[/\bct\b/g, 'court']
];

/** The same street however it was typed: "12 Scotch St" and "Scotch Street, Carlisle" match. */
export function streetKey(address: string): string | null {
	const street = streetOf(address);
	if (!street) return null;
	let key = street.toLowerCase();
	for (const [short, long] of abbreviations) key = key.replace(short, long);
	return key.replace(/[^a-z0-9]+/g, ' ').trim();
}
