// One pass over the referrals of a period and the 4 before it, counting each ward and category
// and each street and category per period: the numbers the hot-spot rule is applied to.
import { and, asc, sql } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { referrals } from '../db/schema.ts';
import { placeReader } from '../privacy/anonymise.ts';
import { hotspotRule } from './hotspot-rule.ts';
import { earlierPeriod, type Period } from './period.ts';

export interface Place {
	wardId: string;
	categoryId: string;
	/** Null for a ward and category; the anonymised street for a street and category. */
	street: string | null;
	district: string | null;
	/** Index 0 is the chosen period, 1 the one before, and so on. */
	counts: number[];
	/** Referrals of the chosen period, for the evidence pack. */
	currentIds: string[];
	/** How many referrals each ward gave a street (a street may cross a ward boundary). */
	wards: Map<string, number>;
}

export interface WindowCounts {
	/** The chosen period first, then the earlier ones. */
	periods: Period[];
	/** How many earlier periods lie wholly after the first referral Wardline holds. */
	available: number;
	wardPlaces: Place[];
	streetPlaces: Place[];
	/** The ward's share of all referrals (every category) in the chosen and available periods. */
	wardShare: (wardId: string) => number;
	/** Council-wide count of a category in the chosen period. */
	categoryTotal: (categoryId: string) => number;
}

function newPlace(
	wardId: string,
	categoryId: string,
	street: string | null,
	district: string | null
): Place {
	return {
		wardId,
		categoryId,
		street,
		district,
		counts: new Array<number>(hotspotRule.baselinePeriods + 1).fill(0),
		currentIds: [],
		wards: new Map()
	};
}

function placeIn(map: Map<string, Place>, key: string, make: () => Place): Place {
	let place = map.get(key);
	if (!place) map.set(key, (place = make()));
	return place;
}

const increment = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

export function countWindow(db: Db, period: Period): WindowCounts {
	const k = hotspotRule.baselinePeriods;
	const periods = [period, ...Array.from({ length: k }, (_, i) => earlierPeriod(period, i + 1))];
	const first = db
		.select({ at: sql<string | null>`min(${referrals.createdAt})` })
		.from(referrals)
		.get()?.at;
	// Only whole periods after the first referral Wardline holds count as history, so a new
	// installation does not see everything as "above its usual rate of zero".
	let available = 0;
	while (available < k && first && periods[available + 1].startIso >= first) available += 1;

	const rows = db
		.select({
			id: referrals.id,
			wardId: referrals.wardId,
			categoryId: referrals.categoryId,
			createdAt: referrals.createdAt,
			address: referrals.locationAddress,
			postcode: referrals.locationPostcode,
			personalDataRemovedAt: referrals.personalDataRemovedAt
		})
		.from(referrals)
		.where(
			and(
				sql`${referrals.createdAt} >= ${periods[k].startIso}`,
				sql`${referrals.createdAt} < ${period.endIso}`
			)
		)
		.orderBy(asc(referrals.createdAt))
		.all();

	const placeOf = placeReader();
	const wardPlaces = new Map<string, Place>();
	const streetPlaces = new Map<string, Place>();
	const wardTotals = new Map<string, number>();
	const categoryCurrent = new Map<string, number>();
	let allTotal = 0;
	for (const row of rows) {
		const index = periods.findIndex((p) => row.createdAt >= p.startIso);
		if (index < 0) continue;
		const places = [
			placeIn(wardPlaces, `${row.wardId}|${row.categoryId}`, () =>
				newPlace(row.wardId, row.categoryId, null, null)
			)
		];
		// Addresses with no street that may be shown would pool into one false "place": left out.
		const { street, district } = placeOf(row);
		if (street !== null) {
			// One place per street within a district, so "Mill Lane, LS1" and "Mill Lane, LS6" stay apart.
			const key = `${street.toLowerCase()}|${district}|${row.categoryId}`;
			const streetPlace = placeIn(streetPlaces, key, () =>
				newPlace(row.wardId, row.categoryId, street, district)
			);
			increment(streetPlace.wards, row.wardId);
			places.push(streetPlace);
		}
		for (const place of places) {
			place.counts[index] += 1;
			if (index === 0) place.currentIds.push(row.id);
		}
		if (index <= available) {
			increment(wardTotals, row.wardId);
			allTotal += 1;
		}
		if (index === 0) increment(categoryCurrent, row.categoryId);
	}
	return {
		periods,
		available,
		wardPlaces: [...wardPlaces.values()],
		streetPlaces: [...streetPlaces.values()],
		wardShare: (wardId) => (allTotal > 0 ? (wardTotals.get(wardId) ?? 0) / allTotal : 0),
		categoryTotal: (categoryId) => categoryCurrent.get(categoryId) ?? 0
	};
}
