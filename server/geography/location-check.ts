// The check on arrival: where a referral's location falls (its pin, else its postcode in the
// lookup) against the ward it was filed under. Outside means a flag for the support officer (a
// row here, a note on the timeline, `locationCheck` in the API); a referral is never refused.
import { inArray, sql } from 'drizzle-orm';
import { pointToPolygonDistance } from '@turf/point-to-polygon-distance';
import type { AppDeps } from '../context.ts';
import type { Db } from '../db/open.ts';
import { preparedOnce } from '../db/prepared.ts';
import { locationChecks, wards, type referrals } from '../db/schema.ts';
import { addTimeline } from '../referrals/store.ts';
import { lookupPostcode, wardLocator } from './geography-store.ts';

/** A pin this close to its ward counts as in it: a tablet's GPS, and the simplified boundary. */
export const pinToleranceMetres = 25;

type Located = Pick<
	typeof referrals.$inferSelect,
	'id' | 'wardId' | 'lat' | 'lng' | 'locationPostcode'
>;

/** Which ward the location is in, by which evidence; null when there is nothing to check by. */
export function locate(
	db: Db,
	referral: Located
): { wardId: string | null; basis: 'pin' | 'postcode' } | null {
	if (referral.lat !== null && referral.lng !== null) {
		const locator = wardLocator(db);
		if (locator.size === 0) return null;
		const point = { lat: referral.lat, lng: referral.lng };
		const found = locator.wardAt(point);
		if (found === referral.wardId) return { wardId: found, basis: 'pin' };
		const filed = locator.boundaryOf(referral.wardId);
		// Negative inside; metres to the nearest edge outside.
		if (
			filed &&
			pointToPolygonDistance([point.lng, point.lat], filed.geometry, { units: 'meters' }) <=
				pinToleranceMetres
		)
			return { wardId: referral.wardId, basis: 'pin' };
		return { wardId: found, basis: 'pin' };
	}
	const postcode = lookupPostcode(db, referral.locationPostcode);
	return postcode ? { wardId: postcode.wardId, basis: 'postcode' } : null;
}

// Prepared once per database: every arriving referral writes one (see server/db/prepared.ts).
const insertCheck = preparedOnce((db: Db) =>
	db
		.insert(locationChecks)
		.values({
			referralId: sql.placeholder('referralId'),
			wardId: sql.placeholder('wardId'),
			basis: sql.placeholder('basis'),
			checkedAt: sql.placeholder('checkedAt')
		})
		.prepare()
);

/** Called in the create mutation's transaction, after the referral row is written. */
export function checkLocation(deps: Pick<AppDeps, 'db' | 'clock' | 'ids'>, referral: Located) {
	const found = locate(deps.db, referral);
	if (!found) return;
	insertCheck(deps.db).run({
		referralId: referral.id,
		wardId: found.wardId,
		basis: found.basis,
		checkedAt: deps.clock().toISOString()
	});
	if (found.wardId === referral.wardId) return;
	const names = new Map(
		deps.db
			.select({ id: wards.id, name: wards.name })
			.from(wards)
			.where(inArray(wards.id, [referral.wardId, found.wardId ?? referral.wardId]))
			.all()
			.map((w) => [w.id, w.name])
	);
	const filed = names.get(referral.wardId) ?? 'its ward';
	const where =
		found.basis === 'pin'
			? found.wardId
				? `its pin is in ${names.get(found.wardId)} ward`
				: "its pin is outside the council's wards"
			: `its postcode ${referral.locationPostcode} is in ${names.get(found.wardId ?? '')} ward`;
	addTimeline(deps, {
		referralId: referral.id,
		kind: 'comment',
		by: null,
		text: `Check the ward: this referral was filed under ${filed}, but ${where}.`
	});
}
