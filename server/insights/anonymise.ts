// Turns a referral's location into what analysis may show: a street name without house or flat
// numbers, and the postcode district (outward code). Residents' details never reach this module.

// Leading words that describe a position rather than a place ("Outside 14 Mill Lane").
const positionWords =
	/^(outside|opposite|opp\.?|near|nr\.?|behind|beside|by|next to|rear of|back of|front of|junction of|corner of|at|on)\s+/i;
// "Flat 3", "Flat 3a", "Apartment 12", "Unit 4", "Room 2", "Block B": a dwelling inside a building.
const dwellingPart =
	/^(flat|apartment|apt\.?|unit|room|maisonette|block|floor|suite)\s+[a-z0-9/-]+\b[,\s]*/i;
// A house number anywhere: "12", "12a", "221B", "12-14", "3/1".
const houseNumber = /^\d+[a-z]?(?:[-/]\d+[a-z]?)?$/i;
// The last word of most UK street names; a part with one of these is preferred as "the street".
const streetWords = new Set(
	(
		'road rd street st lane ln avenue ave close drive dr way place pl terrace crescent gardens ' +
		'court ct grove hill row square walk view park green mews rise gate parade bank brow ' +
		'croft fold wynd end side vale yard approach circus boulevard embankment quay wharf ' +
		'estate chase meadow meadows hall cottages villas buildings'
	).split(' ')
);

function tidy(part: string): string {
	let text = part.trim();
	for (let i = 0; i < 3; i += 1) {
		const before = text;
		text = text.replace(positionWords, '').replace(dwellingPart, '').trim();
		if (text === before) break;
	}
	// Drop number tokens wherever they stand ("12 Warwick Road", "Warwick Road 12").
	return text
		.split(/\s+/)
		.filter((word) => word !== '' && !houseNumber.test(word.replace(/[.,;:]$/, '')))
		.join(' ')
		.replace(/^[,.;:\s-]+|[,.;:\s-]+$/g, '');
}

// A named dwelling ("Rose Cottage", "High Farm") identifies a household: never shown.
const houseName = /\b(cottage|farm|farmhouse|house|lodge|barn|villa|manor|bungalow)$/i;

const hasStreetWord = (part: string) =>
	part
		.toLowerCase()
		.split(/\s+/)
		.some((word) => streetWords.has(word.replace(/[^a-z]/g, '')));

const titleCase = (text: string) =>
	text
		.toLowerCase()
		.replace(/(^|[\s'-])([a-z])/g, (_m, lead: string, ch: string) => lead + ch.toUpperCase());

export const unknownStreet = 'Unknown street';

/**
 * The street of an address with no house or flat numbers: "Flat 3, 12a Warwick Road, Carlisle"
 * gives "Warwick Road". A part that names a street is preferred over a house name ("Rose
 * Cottage, Mill Lane" gives "Mill Lane"); with none, the first part with letters is used.
 */
export function streetOf(address: string): string {
	const parts = address
		.split(/[,\n]/)
		.map(tidy)
		.filter((part) => /[a-z]/i.test(part) && !houseName.test(part));
	const street = parts.find(hasStreetWord) ?? parts[0] ?? '';
	return street === '' ? unknownStreet : titleCase(street.replace(/\s+/g, ' '));
}

/** The outward code of a UK postcode ("LS1 4AP" gives "LS1"); anything else gives "". */
export function postcodeDistrict(postcode: string): string {
	const compact = postcode.replace(/\s+/g, '').toUpperCase();
	const match = /^([A-Z]{1,2}[0-9][A-Z0-9]?)[0-9][A-Z]{2}$/.exec(compact);
	if (match) return match[1];
	// An outward code alone ("CA1") is already a district.
	return /^[A-Z]{1,2}[0-9][A-Z0-9]?$/.test(compact) ? compact : '';
}

/** One key per street within a district, so "Mill Lane, LS1" and "Mill Lane, LS6" stay apart. */
export function placeKey(street: string, district: string): string {
	return `${street.toLowerCase()}|${district}`;
}

/** Memoises streetOf for the many rows that share an address within one request. */
export function streetCache(): (address: string) => string {
	const cache = new Map<string, string>();
	return (address) => {
		let street = cache.get(address);
		if (street === undefined) {
			street = streetOf(address);
			cache.set(address, street);
		}
		return street;
	};
}
