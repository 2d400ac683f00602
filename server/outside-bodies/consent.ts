// The resident's consent to share with named outside bodies, as a referral keeps it: the ids of
// bodies from the admins' list. Older tablets sent only words (`shareWith`), kept as they were.
import { inArray } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { outsideBodies } from '../db/schema.ts';
import { reject } from '../sync/rejection.ts';

/**
 * The body ids to keep for a resident: none without consent to share; otherwise each chosen id
 * once, every one a body Wardline knows (a retired one too: the tablet may have been offline).
 */
export function consentedBodyIds(
	db: Db,
	resident: { consentToShare?: boolean; shareWithBodyIds?: string[] }
): string[] {
	if (!resident.consentToShare || !resident.shareWithBodyIds?.length) return [];
	const ids = [...new Set(resident.shareWithBodyIds)];
	const known = new Set(
		db
			.select({ id: outsideBodies.id })
			.from(outsideBodies)
			.where(inArray(outsideBodies.id, ids))
			.all()
			.map((b) => b.id)
	);
	if (ids.some((id) => !known.has(id)))
		reject(
			'An outside body chosen for the resident’s consent is not known to Wardline. Open the referral, choose the bodies again, and save.'
		);
	return ids;
}
