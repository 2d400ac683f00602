// The one anonymisation policy for what leaves Wardline about a referral: the public Open311
// feed, Insights, the CSV export, and what erasure keeps. Never a name, contact detail, house
// number, house name, flat number or full postcode; a street and a postcode district are as
// precise as a place gets, and coordinates are rounded to about a hundred metres.

const removed = '[removed]';

// A dwelling inside a building and its number ("Flat 3", "Apartment 12b", "no. 9", "House 5").
const dwellingWords = 'flat|apartment|apt|unit|room|maisonette|block|floor|suite|house|no|number';
// In an address a lone letter is one too ("Flat A", "Block B"); in free text "house a" is English.
const dwellingInAddress = new RegExp(
	`\\b(?:${dwellingWords})\\.?(?:\\s*\\d[\\w/-]*|\\s+[a-z](?![\\w'-]))`,
	'gi'
);
const dwellingInText = new RegExp(`\\b(?:${dwellingWords})\\.?\\s*\\d+[a-z]?\\b`, 'gi');
// A house number anywhere: "12", "12a", "221B", "12-14", "3/1" (not "3rd" or "A595").
const houseNumber = /(^|\s)\d+[a-z]?(?:\s*[-/]\s*\d+[a-z]?)?(?=[\s.,;:]|$)/gi;
const fullPostcode = /\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b/gi;
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
const titleCase = (text: string) =>
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
function readPart(raw: string): { text: string; numbered: boolean } {
	let text = tidy(raw.replace(fullPostcode, ' ').replace(dwellingInAddress, ' '));
	for (let before = ''; before !== text;) {
		before = text;
		text = text.replace(positionWords, '').trim();
	}
	const numbered = /^\d/.test(text);
	return { text: tidy(text.replace(houseNumber, ' ')), numbered };
}

const publishable = (text: string) => /[a-z]/i.test(text) && !houseName.test(text);

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

/** Three decimal places: about a hundred metres, enough for a map and not enough for a door. */
export function roughCoordinate(value: number | null): number | null {
	return value === null ? null : Math.round(value * 1000) / 1000;
}

/** A referral's location as stored; once its personal details are removed, what erasure kept. */
export interface StoredLocation {
	address: string;
	postcode: string;
	personalDataRemovedAt: string | null;
}

export interface PublicPlace {
	street: string | null;
	district: string;
}

/**
 * The street and district that may be shown for a referral. Erasure stores this place itself,
 * so its street is read back as kept ("Botchergate" has no house number left to vouch for it):
 * the figures do not change when a resident's details go.
 */
export function publicPlace(location: StoredLocation): PublicPlace {
	let street: string | null;
	if (location.personalDataRemovedAt === null) street = streetOf(location.address);
	else {
		const kept = readPart(location.address).text;
		street = publishable(kept) ? titleCase(kept) : null;
	}
	return { street, district: postcodeDistrict(location.postcode) };
}

/** publicPlace memoised by address, for the many rows that share one within a request. */
export function placeReader(): (location: StoredLocation) => PublicPlace {
	const streets = new Map<string, string | null>();
	return (location) => {
		if (location.personalDataRemovedAt !== null) return publicPlace(location);
		let street = streets.get(location.address);
		if (street === undefined) {
			street = streetOf(location.address);
			streets.set(location.address, street);
		}
		return { street, district: postcodeDistrict(location.postcode) };
	};
}

/** "Warwick Road, CA1"; the street or the district alone when the other is unknown. */
export function publicAddress(place: PublicPlace): string {
	return [place.street, place.district].filter(Boolean).join(', ');
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const email = /[^\s@<>(),;:]+@[^\s@<>(),;:]+\.[^\s@<>(),;:]+/g;
// Nine or more digits however spaced: a phone number, not a date or an amount.
const phone = /(\+\d{1,3}[\s-]?)?\(?\d(?:[\s().-]*\d){8,14}/g;
// A number right before a capitalised word is a house number ("at 12 Warwick Road").
const numberBeforeName = /\b\d+[a-z]?(?:\s*[-/]\s*\d+[a-z]?)?(?=,?\s+[A-Z][a-z])/g;

const known = (values: (string | null | undefined)[]) =>
	values
		.filter((v): v is string => typeof v === 'string' && v.trim().length > 1)
		.map((v) => v.trim());

/**
 * Free text with the resident's known details replaced by "[removed]": each part of their name;
 * their address, phone and email as written, and the house numbers in any of their addresses
 * ("outside 221B" names the house too). So is anything shaped like an email address, phone
 * number, full postcode, or a flat or house number.
 */
export function redact(
	text: string,
	resident: {
		names: (string | null | undefined)[];
		addresses: (string | null | undefined)[];
		contacts: (string | null | undefined)[];
	}
): string {
	const addresses = known(resident.addresses);
	const targets = [
		...addresses,
		...known(resident.contacts),
		...known(resident.names).flatMap((n) => n.split(/[\s,]+/)),
		...addresses.flatMap((a) => [...a.matchAll(houseNumber)].map((m) => m[0].trim()))
	]
		// A lone letter is not a detail; a lone digit may be the house number.
		.filter((t) => (t.length >= 2 && /[a-z0-9]/i.test(t)) || /^\d$/.test(t))
		.sort((a, b) => b.length - a.length);
	let out = text;
	for (const target of targets)
		out = out.replace(new RegExp(`(?<![\\w])${escape(target)}(?![\\w])`, 'gi'), removed);
	return out
		.replace(email, removed)
		.replace(phone, removed)
		.replace(fullPostcode, removed)
		.replace(dwellingInText, removed)
		.replace(numberBeforeName, removed);
}
