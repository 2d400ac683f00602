// The one anonymisation policy for what leaves Wardline about a referral: the public Open311
// feed, Insights, the CSV export, and what erasure keeps. Never a name, contact detail, house
// number, house name, flat number or full postcode; a street and a postcode district are as
// precise as a place gets, and coordinates are rounded to about a hundred metres.

import {
	dwellingInText,
	fullPostcode,
	houseNumber,
	postcodeDistrict,
	publishable,
	readPart,
	streetOf,
	titleCase
} from '#domain/street';

const removed = '[removed]';

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
