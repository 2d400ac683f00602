// Takes people out of what Wardline publishes through Open311: no names, contact details or
// house numbers; the street and the postcode district are as precise as a location gets.
import { normalisePostcode } from '#domain/referral';

const removed = '[removed]';

/** "CA1 1AA" -> "CA1": the outward half of a postcode (the district). */
export function postcodeDistrict(postcode: string): string {
	const normal = normalisePostcode(postcode);
	return normal.includes(' ') ? normal.split(' ')[0] : normal;
}

const streetWords =
	/\b(road|rd|street|st|lane|ln|avenue|ave|close|drive|dr|way|place|court|crescent|terrace|gardens|grove|hill|row|walk|square|park|green|view|mews|rise|parade|vale|gate|brow|bank|fields|croft|wynd|yard|lonning|broadway|highway|bypass)\b/i;
const flatWords = /\b(flat|apartment|apt|unit|room|suite|no\.?|number|house)\s*\d+[a-z]?\b/gi;
const numberTokens = /(^|\s)\d+[a-z]?(\s*[-/]\s*\d+[a-z]?)?(?=\s|$)/gi;
const fullPostcode = /\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b/gi;

function withoutNumbers(segment: string): string {
	return segment
		.replace(fullPostcode, ' ')
		.replace(flatWords, ' ')
		.replace(numberTokens, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/**
 * The street of an address without its house number: the part that began with a number
 * ("12 Warwick Road"), else the part that names a street. A part that is neither may be a
 * house's name ("Rose Cottage"), so it is never used.
 */
export function streetOnly(address: string): string | null {
	const parts = address
		.split(/[,\n]/)
		.map((p) => p.trim())
		.filter(Boolean);
	const numbered = parts.find(
		(p) => /^\d/.test(p.replace(flatWords, '').trim()) && /[a-z]/i.test(withoutNumbers(p))
	);
	const chosen = numbered ?? parts.find((p) => streetWords.test(withoutNumbers(p)));
	const street = chosen ? withoutNumbers(chosen) : '';
	return /[a-z]/i.test(street) ? street : null;
}

/** "12 Warwick Road, Carlisle" + "CA1 1AA" -> "Warwick Road, CA1". */
export function publicAddress(address: string, postcode: string): string {
	const district = postcodeDistrict(postcode);
	const street = streetOnly(address);
	return street ? `${street}, ${district}` : district;
}

/** Three decimal places: about a hundred metres, enough for a map and not enough for a door. */
export function roughCoordinate(value: number | null): number | null {
	return value === null ? null : Math.round(value * 1000) / 1000;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const email = /[^\s@<>(),;:]+@[^\s@<>(),;:]+\.[^\s@<>(),;:]+/g;
// Nine or more digits however spaced: a phone number, not a date or an amount.
const phone = /(\+\d{1,3}[\s-]?)?\(?\d(?:[\s().-]*\d){8,14}/g;
// A number right before a capitalised word is a house number ("at 12 Warwick Road").
const houseNumber = /\b\d+[a-z]?(?:\s*[-/]\s*\d+[a-z]?)?(?=,?\s+[A-Z][a-z])/g;

const known = (values: (string | null | undefined)[]) =>
	values
		.filter((v): v is string => typeof v === 'string' && v.trim().length > 1)
		.map((v) => v.trim());

/**
 * Free text with the resident's known details (each part of their name; their address, phone
 * and email as written), and anything shaped like an email address, phone number or house
 * number, replaced by "[removed]".
 */
export function redact(
	text: string,
	resident: { names: (string | null | undefined)[]; details: (string | null | undefined)[] }
): string {
	const nameParts = known(resident.names).flatMap((n) => n.split(/[\s,]+/));
	const targets = [...known(resident.details), ...nameParts]
		.filter((t) => t.length >= 2 && /[a-z0-9]/i.test(t))
		.sort((a, b) => b.length - a.length);
	let out = text;
	for (const target of targets)
		out = out.replace(new RegExp(`(?<![\\w])${escape(target)}(?![\\w])`, 'gi'), removed);
	return out
		.replace(email, removed)
		.replace(phone, removed)
		.replace(flatWords, removed)
		.replace(houseNumber, removed);
}
