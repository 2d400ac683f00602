// The API's `locationCheck` on a referral: where its location fell on arrival, and whether that
// is outside the ward it was filed under (see location-check.ts).
import { inArray } from 'drizzle-orm';
import type { ServerReferral } from '#domain/referral';
import type { Db } from '../db/open.ts';
import { locationChecks } from '../db/schema.ts';

/** The API's `locationCheck` for a batch of referrals (one query). */
export function locationChecksFor(
	db: Db,
	rows: { id: string; wardId: string }[]
): Map<string, NonNullable<ServerReferral['locationCheck']>> {
	if (rows.length === 0) return new Map();
	const filed = new Map(rows.map((r) => [r.id, r.wardId]));
	return new Map(
		db
			.select()
			.from(locationChecks)
			.where(
				inArray(
					locationChecks.referralId,
					rows.map((r) => r.id)
				)
			)
			.all()
			.map((check) => [
				check.referralId,
				{
					wardId: check.wardId,
					basis: check.basis,
					outsideWard: check.wardId !== filed.get(check.referralId)
				}
			])
	);
}
