// GET /api/insights/hotspots: ward/category pairs and streets whose count in the period is well
// above their own earlier periods or the council-wide rate (the rule is in hotspot-rule.ts).
import type { Db } from '../db/open.ts';
import {
	anonymiseContext,
	readAnonymisedByIds,
	type AnonymisedReferral
} from './anonymised-referrals.ts';
import { countWindow, type Place, type WindowCounts } from './hotspot-counts.ts';
import {
	againstCouncil,
	againstOwnHistory,
	compareExcess,
	countsTowardsThreshold,
	hotspotRule,
	isHot,
	isPersistent,
	pValueThreshold,
	strongest,
	type Excess
} from './hotspot-rule.ts';
import type { Period } from './period.ts';
import { describeHotspot, describePeriod, describePersistent } from './wording.ts';

const maxHotspots = 50;
const maxPersistent = 50;

export interface PeriodCount {
	from: string;
	to: string;
	count: number;
	/** False when Wardline holds no referrals from before this period started. */
	covered: boolean;
}

export interface PlaceSummary {
	id: string;
	kind: 'ward' | 'street';
	wardId: string;
	ward: string;
	categoryId: string;
	category: string;
	street: string | null;
	postcodeDistrict: string | null;
	persistent: boolean;
	/** Of the last 4 periods (this one and the 3 before), how many had referrals here. */
	periodsWithReferrals: number;
	/** Oldest first, ending with the chosen period. */
	history: PeriodCount[];
	sentence: string;
}

export interface Hotspot extends PlaceSummary {
	excess: Excess;
	/** Flagged by both comparisons (its own history and the council-wide rate). */
	flaggedByBoth: boolean;
	referrals: AnonymisedReferral[];
}

export interface HotspotReport {
	period: { from: string; to: string; days: number; description: string };
	rule: typeof hotspotRule & {
		baselinePeriodsAvailable: number;
		comparisons: number;
		pValueThreshold: number;
	};
	hotspots: Hotspot[];
	/** Streets where the same problem was reported in 3 or more of the last 4 periods. */
	persistent: PlaceSummary[];
}

interface Candidate {
	place: Place;
	kind: 'ward' | 'street';
	excesses: Excess[];
}

/** Every comparison the rule makes, before the threshold (which depends on how many there are). */
function compare(window: WindowCounts): Candidate[] {
	const { available } = window;
	const baseline = (place: Place) =>
		place.counts.slice(1, available + 1).reduce((a, b) => a + b, 0);
	const candidates: Candidate[] = [];
	for (const place of window.wardPlaces) {
		const share = window.wardShare(place.wardId);
		const own = againstOwnHistory(place.counts[0], baseline(place), available);
		const council =
			share > 0
				? againstCouncil(place.counts[0], window.categoryTotal(place.categoryId), share)
				: null;
		candidates.push({
			place,
			kind: 'ward',
			excesses: [own, council].filter((e): e is Excess => e !== null)
		});
	}
	for (const place of window.streetPlaces) {
		const own = againstOwnHistory(place.counts[0], baseline(place), available);
		if (own) candidates.push({ place, kind: 'street', excesses: [own] });
	}
	return candidates;
}

export function findHotspots(db: Db, period: Period, now: Date): HotspotReport {
	const window = countWindow(db, period);
	const { available, periods } = window;
	const candidates = compare(window);
	const comparisons = candidates.flatMap((c) => c.excesses).filter(countsTowardsThreshold).length;
	const threshold = pValueThreshold(comparisons);

	const context = anonymiseContext(db);
	const { names } = context;
	const persistentKnown = available >= hotspotRule.persistentWindow - 1;
	const periodText = describePeriod(period, now);
	const summarise = (place: Place, kind: 'ward' | 'street'): Omit<PlaceSummary, 'sentence'> => {
		// A street crossing a ward boundary is shown in the ward most of its referrals came from.
		const wardId =
			kind === 'street' ? [...place.wards].sort((a, b) => b[1] - a[1])[0][0] : place.wardId;
		const periodsWithReferrals = place.counts
			.slice(0, hotspotRule.persistentWindow)
			.filter((n) => n > 0).length;
		return {
			id: [kind, wardId, place.street ?? '', place.district ?? '', place.categoryId].join(':'),
			kind,
			wardId,
			ward: names.wards.get(wardId) ?? 'Unknown ward',
			categoryId: place.categoryId,
			category: names.categories.get(place.categoryId)?.name ?? 'Unknown category',
			street: place.street,
			postcodeDistrict: place.district,
			persistent: persistentKnown && kind === 'street' && isPersistent(periodsWithReferrals),
			periodsWithReferrals,
			history: periods
				.map((p, i) => ({
					from: p.from,
					to: p.to,
					count: place.counts[i],
					covered: i <= available
				}))
				.reverse()
		};
	};

	const found = candidates
		.map((candidate) => {
			const hot = candidate.excesses.filter((e) => isHot(e, threshold));
			return { ...candidate, hot, best: strongest(hot) };
		})
		.filter((c): c is typeof c & { best: Excess } => c.best !== null)
		.sort((a, b) => compareExcess(a.best, b.best));
	const hotspots: Hotspot[] = found.slice(0, maxHotspots).map(({ place, kind, hot, best }) => {
		const summary = summarise(place, kind);
		return {
			...summary,
			sentence: describeHotspot(summary, hot, period, periodText, available),
			excess: best,
			flaggedByBoth: hot.length === 2,
			referrals: readAnonymisedByIds(db, place.currentIds, context)
		};
	});

	const persistent = persistentKnown
		? window.streetPlaces
				.map((place) => summarise(place, 'street'))
				.filter((summary) => summary.persistent)
				.sort(
					(a, b) =>
						b.periodsWithReferrals - a.periodsWithReferrals ||
						(b.history.at(-1)?.count ?? 0) - (a.history.at(-1)?.count ?? 0)
				)
				.slice(0, maxPersistent)
				.map((summary) => ({ ...summary, sentence: describePersistent(summary, period) }))
		: [];

	return {
		period: { from: period.from, to: period.to, days: period.days, description: periodText },
		rule: {
			...hotspotRule,
			baselinePeriodsAvailable: available,
			comparisons,
			pValueThreshold: threshold
		},
		hotspots,
		persistent
	};
}
