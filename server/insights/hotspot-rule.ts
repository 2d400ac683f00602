// The hot-spot rule: when a count is "well above" what a place usually sees, as exact tests on
// Poisson counts. Pure functions; the UI's "How hot spots are found" text is written from these.
//
// The rule, precisely. For a place (a ward and category, or a street and category) and a period
// of L days, a hot spot is flagged when ALL of:
//   1. observed >= 5 referrals in the period;
//   2. observed >= 2 x expected ("at least twice its usual rate");
//   3. p < 0.05 / m, where p is the chance of a count at least this high if nothing had changed,
//      and m is the number of comparisons made in the request (Bonferroni): looking at hundreds
//      of places at once, some look high by chance; this keeps the chance of even one false
//      alarm in the whole list under 1 in 20. Only comparisons whose pooled count (below) is at
//      least 5 are counted in m, as the others can never be flagged (a simple form of Tarone's
//      refinement for discrete tests).
// Two comparisons are made, and either may flag:
//   - own history: expected = the mean count over the previous 4 periods of the same length
//     (only periods wholly after the first referral Wardline holds). If the counts are Poisson
//     with one unchanged rate then, given the pooled count n = observed + baseline, the observed
//     count is Binomial(n, 1/(1 + k)) for k baseline periods: p = P(Bin(n, 1/(1+k)) >= observed).
//     This exact conditional test allows for the baseline itself being a noisy estimate; a
//     plain Poisson test against an estimated mean raises false alarms whenever the baseline
//     happens to be low.
//   - council-wide (wards only): expected = the category's council-wide count in the period x the
//     ward's usual share of all referrals (all categories, this and the previous periods), so a
//     busy ward is not flagged for being busy: p = P(Bin(category total, share) >= observed).
// Hot spots are ranked by p (smallest first), then by the ratio observed / expected.
// A street and category with referrals in at least 3 of the last 4 periods (this one and the 3
// before) is a persistent problem: a fact shown beside the hot spots, not a test.

export const hotspotRule = {
	minimumCount: 5,
	minimumRatio: 2,
	/** The chance of one or more false alarms in a whole list, split over its comparisons. */
	falseAlarmRate: 0.05,
	baselinePeriods: 4,
	persistentPeriods: 3,
	persistentWindow: 4
} as const;

const logFactorials: number[] = [0];
function logFactorial(n: number): number {
	for (let i = logFactorials.length; i <= n; i += 1)
		logFactorials.push(logFactorials[i - 1] + Math.log(i));
	return logFactorials[n];
}

/** P(X >= k) for X ~ Binomial(n, p), summed from the k term upwards in log space. */
export function binomialUpperTail(n: number, p: number, k: number): number {
	if (k <= 0) return 1;
	if (k > n || p <= 0) return 0;
	if (p >= 1) return 1;
	const logP = Math.log(p);
	const logQ = Math.log1p(-p);
	let term = logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * logP + (n - k) * logQ;
	let sum = 0;
	for (let i = k; i <= n; i += 1) {
		const value = Math.exp(term);
		sum += value;
		if (value < sum * 1e-15 && i > n * p) break;
		term += Math.log(n - i) - Math.log(i + 1) + logP - logQ;
	}
	return Math.min(1, sum);
}

export type Comparison = 'own_history' | 'council_wide';

export interface Excess {
	comparison: Comparison;
	observed: number;
	/** The count expected in the period if nothing had changed. */
	expected: number;
	/** observed / expected; null when expected is 0 (nothing at all before). */
	ratio: number | null;
	pValue: number;
	/** The count the test conditions on; below the minimum count no result could be flagged. */
	pooled: number;
}

/** Against the place's own previous periods: `baselineTotal` over `baselinePeriods` periods. */
export function againstOwnHistory(
	observed: number,
	baselineTotal: number,
	baselinePeriods: number
): Excess | null {
	if (baselinePeriods < 1) return null;
	const expected = baselineTotal / baselinePeriods;
	return {
		comparison: 'own_history',
		observed,
		expected,
		ratio: expected > 0 ? observed / expected : null,
		pValue: binomialUpperTail(observed + baselineTotal, 1 / (1 + baselinePeriods), observed),
		pooled: observed + baselineTotal
	};
}

/** Against the council: the ward's usual `share` of the category's `categoryTotal` this period. */
export function againstCouncil(observed: number, categoryTotal: number, share: number): Excess {
	const expected = categoryTotal * share;
	return {
		comparison: 'council_wide',
		observed,
		expected,
		ratio: expected > 0 ? observed / expected : null,
		pValue: binomialUpperTail(categoryTotal, share, observed),
		pooled: categoryTotal
	};
}

/** The p-value a comparison must beat when `comparisons` are made at once (Bonferroni). */
export function pValueThreshold(comparisons: number): number {
	return hotspotRule.falseAlarmRate / Math.max(1, comparisons);
}

/** Comparisons that count towards m: those that could reach the minimum count at all. */
export const countsTowardsThreshold = (excess: Excess) => excess.pooled >= hotspotRule.minimumCount;

export function isHot(excess: Excess, threshold: number): boolean {
	return (
		excess.observed >= hotspotRule.minimumCount &&
		(excess.ratio === null || excess.ratio >= hotspotRule.minimumRatio) &&
		excess.pValue < threshold
	);
}

/** Smallest p first; then the larger ratio (none before counts as largest); then more referrals. */
export function compareExcess(a: Excess, b: Excess): number {
	if (a.pValue !== b.pValue) return a.pValue - b.pValue;
	const ra = a.ratio ?? Infinity;
	const rb = b.ratio ?? Infinity;
	if (ra !== rb) return rb - ra;
	return b.observed - a.observed;
}

/** The stronger of two excesses for one place (by the ranking above), or whichever exists. */
export function strongest(excesses: (Excess | null)[]): Excess | null {
	const present = excesses.filter((e): e is Excess => e !== null);
	if (present.length === 0) return null;
	return present.sort(compareExcess)[0];
}

export function isPersistent(periodsWithReferrals: number): boolean {
	return periodsWithReferrals >= hotspotRule.persistentPeriods;
}
