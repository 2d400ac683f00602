// The browser's calls for Insights: the figures, the hot spots and the CSV address. Answers are
// checked with zod (parse at the edge); failures come back as a sentence, never thrown.
import * as z from 'zod/mini';
import { createRequest, type RequestOptions, type Wording } from './request.ts';

export const offlineMessage =
	'Insights need a connection. Connect to the internet, then try again; your referrals are safe on this tablet.';

const Figures = z.object({
	received: z.number(),
	answered: z.number(),
	medianDays: z.nullable(z.number()),
	p90Days: z.nullable(z.number()),
	answeredWithinTarget: z.number(),
	withinTargetShare: z.nullable(z.number()),
	open: z.number(),
	overdue: z.number(),
	ratingAverage: z.nullable(z.number()),
	ratingCount: z.number()
});
export type Figures = z.infer<typeof Figures>;

/** `active` false: a ward, category or unit retired since, shown for its history. */
const Named = z.object({ id: z.string(), name: z.string(), active: z.optional(z.boolean()) });
const TrendPoint = z.object({ start: z.string(), count: z.number(), partial: z.boolean() });
export type TrendPoint = z.infer<typeof TrendPoint>;

export const InsightsReport = z.object({
	period: z.object({ from: z.string(), to: z.string(), days: z.number() }),
	total: z.number(),
	heatMap: z.object({
		wards: z.array(z.extend(Named, { total: z.number() })),
		categories: z.array(z.extend(Named, { total: z.number() })),
		cells: z.array(z.object({ wardId: z.string(), categoryId: z.string(), count: z.number() })),
		max: z.number()
	}),
	trend: z.object({ weekly: z.array(TrendPoint), monthly: z.array(TrendPoint) }),
	performance: z.object({
		council: Figures,
		units: z.array(z.extend(Named, { targetDays: z.number(), ...Figures.shape }))
	}),
	channels: z.array(z.object({ channel: z.string(), label: z.string(), ...Figures.shape })),
	members: z.object({
		scope: z.enum(['own', 'all', 'council']),
		council: Figures,
		mine: z.nullable(z.extend(Named, Figures.shape)),
		perMember: z.array(z.extend(Named, Figures.shape))
	})
});
export type InsightsReport = z.infer<typeof InsightsReport>;

export const AnonymisedReferral = z.object({
	reference: z.string(),
	receivedOn: z.string(),
	ward: z.string(),
	category: z.string(),
	unit: z.string(),
	channel: z.string(),
	status: z.string(),
	street: z.string(),
	postcodeDistrict: z.string(),
	firstResponseOn: z.nullable(z.string()),
	workingDaysToResponse: z.nullable(z.number()),
	withinTarget: z.nullable(z.boolean())
});
export type AnonymisedReferral = z.infer<typeof AnonymisedReferral>;

const PlaceSummary = z.object({
	id: z.string(),
	kind: z.enum(['ward', 'street']),
	ward: z.string(),
	category: z.string(),
	street: z.nullable(z.string()),
	postcodeDistrict: z.nullable(z.string()),
	persistent: z.boolean(),
	periodsWithReferrals: z.number(),
	history: z.array(
		z.object({ from: z.string(), to: z.string(), count: z.number(), covered: z.boolean() })
	),
	sentence: z.string()
});
export type PlaceSummary = z.infer<typeof PlaceSummary>;

const Hotspot = z.extend(PlaceSummary, {
	excess: z.object({
		comparison: z.enum(['own_history', 'council_wide']),
		observed: z.number(),
		expected: z.number(),
		ratio: z.nullable(z.number()),
		pValue: z.number()
	}),
	flaggedByBoth: z.boolean(),
	referrals: z.array(AnonymisedReferral)
});
export type Hotspot = z.infer<typeof Hotspot>;

export const HotspotReport = z.object({
	period: z.object({
		from: z.string(),
		to: z.string(),
		days: z.number(),
		description: z.string()
	}),
	rule: z.object({
		minimumCount: z.number(),
		minimumRatio: z.number(),
		falseAlarmRate: z.number(),
		baselinePeriods: z.number(),
		persistentPeriods: z.number(),
		persistentWindow: z.number(),
		baselinePeriodsAvailable: z.number(),
		comparisons: z.number(),
		pValueThreshold: z.number()
	}),
	hotspots: z.array(Hotspot),
	persistent: z.array(PlaceSummary)
});
export type HotspotReport = z.infer<typeof HotspotReport>;

export interface InsightsQuery {
	from?: string;
	to?: string;
	wardId?: string;
	categoryId?: string;
}

export function queryString(query: InsightsQuery): string {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
	const text = params.toString();
	return text ? `?${text}` : '';
}

const figuresUnreadable = 'The server sent figures Wardline cannot read.';
const insightsWording: Wording = {
	offline: offlineMessage,
	failed: (_response, said) =>
		said ?? 'The server could not answer just now. Try again in a minute.',
	notJson: figuresUnreadable,
	unreadable: figuresUnreadable
};

export function createInsightsClient(options: Omit<RequestOptions, 'wording'> = {}) {
	const request = createRequest({ ...options, wording: insightsWording });
	const get = <T>(path: string, schema: z.ZodMiniType<T>) =>
		request(path, { method: 'GET' }, schema);
	return {
		insights: (query: InsightsQuery) => get(`/api/insights${queryString(query)}`, InsightsReport),
		hotspots: (query: Pick<InsightsQuery, 'from' | 'to'>) =>
			get(`/api/insights/hotspots${queryString(query)}`, HotspotReport)
	};
}

/** The download address of the anonymised CSV for the same filters. */
export const exportUrl = (query: InsightsQuery) =>
	`/api/exports/referrals.csv${queryString(query)}`;

const browserClient = createInsightsClient();

export const fetchInsights = browserClient.insights;
export const fetchHotspots = browserClient.hotspots;
