// Made-up historical referrals for tests, the benchmark and the demo: a deterministic PRNG spreads
// them uniformly (a Poisson process per ward, category and street) and can plant hot spots.
// Street names avoid those the browser journeys type in (Mill Lane, Park Road, Station Road...).
import { addWorkingDays, defaultTargets, type ResponseTargets } from '#domain/working-days';
import type { Channel, Status, Urgency } from '#domain/enums';
import type { referrals } from '../db/schema.ts';

export type ReferralInsert = Omit<typeof referrals.$inferInsert, 'reference' | 'changeNo'>;
export type TimelineInsert = {
	id: string;
	referralId: string;
	at: string;
	kind: string;
	byName: string;
	text: string;
};
export interface GeneratedReferral {
	row: ReferralInsert;
	timeline: TimelineInsert[];
}

/** A cluster to plant: `count` extra referrals of one ward and category between two instants. */
export interface Plant {
	wardId: string;
	categoryId: string;
	count: number;
	from: Date;
	to: Date;
	/** All at one place (a street hot spot); otherwise spread over the ward's streets. */
	address?: string;
	postcode?: string;
	resident?: { name?: string; phone?: string; email?: string; address?: string };
	description?: string;
}

export interface GenerateOptions {
	seed: number;
	/** Background referrals, spread uniformly over [from, to). */
	count: number;
	from: Date;
	to: Date;
	/** Answers, ratings and statuses are decided as seen at this instant. */
	now: Date;
	wards: { id: string; district?: string }[];
	categories: { id: string; unitId: string; unitName?: string; targetDays: number }[];
	ownerIds: string[];
	streetsPerWard?: number;
	/** Relative weights (default equal), e.g. more potholes than licensing. */
	wardWeights?: Record<string, number>;
	categoryWeights?: Record<string, number>;
	plants?: Plant[];
	residentNames?: string[];
	/**
	 * Each ward's streets with a postcode and a point (the demo geography): used instead of
	 * made-up streets, and most referrals then get a pin within about 25 m of their street's point.
	 */
	places?: Map<string, { street: string; postcode: string; lat: number; lng: number }[]>;
}

/** mulberry32: small, fast and good enough for made-up data; the same seed gives the same data. */
export function createRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export const streetNames = (
	'Warwick,Church,Victoria,Albert,Queen,King,Chapel,Scotland,London,Botcher,' +
	'Greystone,Currock,Blackwell,Durdar,Wigton,Dalston,Newtown,Stanwix,Brampton,Harraby,Eden,' +
	'Petteril,Caldew,Lowther,Fisher,Abbey,Castle,Spencer,Howard,Aglionby,Lismore,Tait,Crosby,Rydal'
).split(',');
export const streetTypes = 'Road,Street,Lane,Avenue,Close,Drive,Terrace,Crescent,Grove,Way'.split(
	','
);
export const fakeResidentNames = [
	'Ann Example',
	'Bob Sample',
	'Cara Testwell',
	'Dan Placeholder',
	'Eve Madeup',
	'Fay Fictional',
	'Gus Pretend',
	'Hal Notreal'
];
const channelWeights: [Channel, number][] = [
	['surgery', 30],
	['phone', 25],
	['email', 25],
	['letter', 8],
	['doorstep', 10],
	['other', 2]
];
const urgencyWeights: [Urgency, number][] = [
	['routine', 75],
	['soon', 20],
	['urgent', 5]
];

function pickWeighted<T>(random: () => number, items: [T, number][]): T {
	const total = items.reduce((sum, [, w]) => sum + w, 0);
	let r = random() * total;
	for (const [item, weight] of items) {
		r -= weight;
		if (r < 0) return item;
	}
	return items[items.length - 1][0];
}

const letters = 'ABDEFGHJLNPQRSTUWXYZ';
const word = (random: () => number) =>
	Math.floor(random() * 0x100000000)
		.toString(16)
		.padStart(8, '0');

/** A well-formed version 4 UUID from the PRNG, so tablets accept changes to these referrals. */
function uuid(random: () => number): string {
	const a = word(random);
	const b = word(random);
	const c = word(random);
	const d = word(random);
	const variant = (8 + (parseInt(c[0], 16) & 3)).toString(16);
	return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

interface Street {
	name: string;
	postcode: string;
	lat?: number;
	lng?: number;
}

function streetsFor(random: () => number, district: string, n: number): Street[] {
	const seen = new Set<string>();
	const out: Street[] = [];
	while (out.length < n) {
		const name = `${streetNames[Math.floor(random() * streetNames.length)]} ${streetTypes[Math.floor(random() * streetTypes.length)]}`;
		if (seen.has(name)) continue;
		seen.add(name);
		const unit = `${Math.floor(random() * 9) + 1}${letters[Math.floor(random() * letters.length)]}${letters[Math.floor(random() * letters.length)]}`;
		out.push({ name, postcode: `${district} ${unit}` });
	}
	return out;
}

function addressOn(random: () => number, street: string): string {
	const number = Math.floor(random() * 120) + 1;
	const style = random();
	if (style < 0.15) return `Outside ${number} ${street}, Carlisle`;
	if (style < 0.25) return `Flat ${Math.floor(random() * 8) + 1}, ${number} ${street}, Carlisle`;
	return `${number} ${street}, Carlisle`;
}

export function generateReferrals(options: GenerateOptions): GeneratedReferral[] {
	const random = createRandom(options.seed);
	const names = options.residentNames ?? fakeResidentNames;
	const streetsPerWard = options.streetsPerWard ?? 60;
	const streets = new Map(
		options.wards.map((w, i) => {
			const known = options.places?.get(w.id);
			return [
				w.id,
				known
					? known.map((p) => ({ name: p.street, postcode: p.postcode, lat: p.lat, lng: p.lng }))
					: streetsFor(random, w.district ?? `CA${(i % 6) + 1}`, streetsPerWard)
			];
		})
	);
	const wardItems = options.wards.map(
		(w) => [w.id, options.wardWeights?.[w.id] ?? 1] as [string, number]
	);
	const categoryItems = options.categories.map(
		(c) =>
			[c, options.categoryWeights?.[c.id] ?? 1] as [(typeof options.categories)[number], number]
	);
	const categoryById = new Map(options.categories.map((c) => [c.id, c]));
	const span = options.to.getTime() - options.from.getTime();
	const out: GeneratedReferral[] = [];

	for (let i = 0; i < options.count; i += 1) {
		const wardId = pickWeighted(random, wardItems);
		const category = pickWeighted(random, categoryItems);
		const at = new Date(options.from.getTime() + random() * span);
		out.push(makeReferral(random, options, names, streets, wardId, category, at));
	}
	for (const plant of options.plants ?? []) {
		const category = categoryById.get(plant.categoryId);
		if (!category) throw new Error(`Unknown category ${plant.categoryId} in a plant`);
		const plantSpan = plant.to.getTime() - plant.from.getTime();
		for (let i = 0; i < plant.count; i += 1) {
			const at = new Date(plant.from.getTime() + random() * plantSpan);
			out.push(makeReferral(random, options, names, streets, plant.wardId, category, at, plant));
		}
	}
	return out.sort((a, b) => (a.row.createdAt < b.row.createdAt ? -1 : 1));
}

function makeReferral(
	random: () => number,
	options: GenerateOptions,
	names: string[],
	streets: Map<string, Street[]>,
	wardId: string,
	category: GenerateOptions['categories'][number],
	createdAt: Date,
	plant?: Plant
): GeneratedReferral {
	const id = uuid(random);
	const wardStreets = streets.get(wardId) ?? [{ name: 'High Street', postcode: 'CA1 1AA' }];
	const street = wardStreets[Math.floor(random() * wardStreets.length)];
	const address = plant?.address ?? addressOn(random, street.name);
	const pin = options.places ? pinNear(random, plant?.postcode, wardStreets, street) : null;
	const name = plant?.resident?.name ?? names[Math.floor(random() * names.length)];
	const capturedAt = new Date(createdAt.getTime() - Math.floor(random() * 3 * 86_400_000));
	// The draws below are made in the same order and number as before the demo looked like a
	// real year (issue 13), so the same seed still gives the same places, times and ratings.
	const answerDraw = random();
	const drawnDays = Math.round(-Math.log(1 - answerDraw) * category.targetDays * 0.6);
	const officeHours = Math.floor(random() * 4 * 3_600_000);
	const drawnAnsweredAt = new Date(addWorkingDays(createdAt, drawnDays).getTime() + officeHours);
	const rejected = random() < 0.02;
	const answerDue = !rejected && drawnAnsweredAt <= options.now;
	const keptDraw = answerDue ? random() : 1;
	const drawnAnswered = answerDue && keptDraw < 0.97;
	const closedDraw = drawnAnswered ? random() : fraction(answerDraw * 37);
	const workingDraw = !drawnAnswered && !rejected ? random() : fraction(answerDraw * 53);
	const ratingShown = drawnAnswered ? random() < 0.6 : false;
	const drawnRating = ratingShown ? pickWeighted(random, ratingWeights) : null;

	const timelineIds = [
		uuid(random),
		uuid(random),
		drawnAnswered ? uuid(random) : null,
		drawnRating !== null ? uuid(random) : null
	];
	const phoneTail = String(Math.floor(random() * 1000)).padStart(3, '0');
	const ownerId = options.ownerIds[Math.floor(random() * options.ownerIds.length)];
	const channel = pickWeighted(random, channelWeights);
	const urgency = pickWeighted(random, urgencyWeights);

	// As a council's year looks: answers by the target for the referral's urgency, about one in
	// ten late; everything answered but a few of the last six weeks' (some of those overdue).
	const targetDays = targetFor(defaultTargets(category.targetDays), urgency);
	const dueAt = addWorkingDays(createdAt, targetDays);
	const answerDays = Math.round(-Math.log(1 - answerDraw) * targetDays * 0.43);
	const answeredAt = new Date(addWorkingDays(createdAt, answerDays).getTime() + officeHours);
	const recent = createdAt.getTime() > options.now.getTime() - 42 * 86_400_000;
	const answered =
		!rejected && answeredAt <= options.now && !(recent && fraction(keptDraw * 7919) < 0.12);
	let status: Status = rejected ? 'rejected' : answered ? 'responded' : 'routed';
	if (answered && closedDraw < 0.7) status = 'closed';
	if (!answered && !rejected && workingDraw < 0.5) status = 'in_progress';
	const rating = answered ? drawnRating : null;
	// An answer the earlier draws did not have gets an id of its own, made from its draw.
	const spareId = () => uuid(createRandom(Math.floor(answerDraw * 2 ** 32)));
	const unitName = category.unitName ?? 'the service team';
	const timeline: TimelineInsert[] = [
		{
			id: timelineIds[0] ?? spareId(),
			referralId: id,
			at: capturedAt.toISOString(),
			kind: 'created',
			byName: 'Wardline',
			text: 'Captured'
		},
		{
			id: timelineIds[1] ?? spareId(),
			referralId: id,
			at: createdAt.toISOString(),
			kind: 'routed',
			byName: 'Wardline',
			text: `Sent to ${unitName}`
		}
	];
	if (answered)
		timeline.push({
			id: timelineIds[2] ?? spareId(),
			referralId: id,
			at: answeredAt.toISOString(),
			kind: 'response',
			byName: unitName,
			text: 'Inspected and work ordered; thank you for reporting it.'
		});
	if (rating !== null)
		timeline.push({
			id: timelineIds[3] ?? spareId(),
			referralId: id,
			at: new Date(answeredAt.getTime() + 86_400_000).toISOString(),
			kind: 'rating',
			byName: 'Wardline',
			text: `Rated ${rating} out of 5`
		});
	return {
		row: {
			id,
			ownerId,
			createdById: ownerId,
			deviceId: 'generated-history',
			wardId,
			categoryId: category.id,
			unitId: category.unitId,
			channel,
			urgency,
			status,
			description: plant?.description ?? 'Reported at a ward surgery; see photos.',
			locationAddress: address,
			locationPostcode: plant?.postcode ?? street.postcode,
			lat: pin?.lat ?? null,
			lng: pin?.lng ?? null,
			residentName: name,
			residentAddress: plant?.resident?.address ?? address,
			residentPhone: plant?.resident?.phone ?? `07700 900${phoneTail}`,
			residentEmail: plant?.resident?.email ?? null,
			residentPreferredContact: 'phone',
			residentConsentToShare: random() < 0.5,
			photoIds: [],
			capturedAt: capturedAt.toISOString(),
			createdAt: createdAt.toISOString(),
			updatedAt: (answered ? answeredAt : createdAt).toISOString(),
			routedAt: createdAt.toISOString(),
			dueAt: dueAt.toISOString(),
			respondedAt: answered ? answeredAt.toISOString() : null,
			rating,
			closedAt: status === 'closed' ? answeredAt.toISOString() : null
		},
		timeline
	};
}

const fraction = (x: number) => x - Math.floor(x);

function targetFor(targets: ResponseTargets, urgency: Urgency): number {
	if (urgency === 'urgent') return targets.targetDaysUrgent;
	return urgency === 'soon' ? targets.targetDaysSoon : targets.targetDays;
}

/** Seven in ten referrals have a pin: within about 25 m of their street's point (or the plant's). */
function pinNear(
	random: () => number,
	postcode: string | undefined,
	wardStreets: Street[],
	street: Street
): { lat: number; lng: number } | null {
	if (random() >= 0.7) return null;
	const place = (postcode && wardStreets.find((s) => s.postcode === postcode)) || street;
	if (place.lat === undefined || place.lng === undefined) return null;
	// 0.0002 degrees is about 22 m north-south and 13 m east-west at Carlisle's latitude.
	return {
		lat: Number((place.lat + (random() - 0.5) * 0.0004).toFixed(6)),
		lng: Number((place.lng + (random() - 0.5) * 0.0004).toFixed(6))
	};
}

const ratingWeights: [number, number][] = [
	[1, 8],
	[2, 10],
	[3, 20],
	[4, 35],
	[5, 27]
];
