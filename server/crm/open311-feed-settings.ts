// The admins' choices for Wardline's own Open311 feed: on or off, descriptions or not (and then
// only with the resident's consent), and the categories that never appear in it.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { categories, open311Feed, open311NeverPublic } from '../db/schema.ts';

export interface FeedSettings {
	enabled: boolean;
	publishDescriptions: boolean;
	neverPublicCategoryIds: string[];
}

export function readFeedSettings(db: Db): FeedSettings {
	const row = db.select().from(open311Feed).where(eq(open311Feed.id, 1)).get();
	const never = db.select().from(open311NeverPublic).all();
	return {
		enabled: row?.enabled ?? true,
		publishDescriptions: row?.publishDescriptions ?? false,
		neverPublicCategoryIds: never.map((n) => n.categoryId).sort()
	};
}

/** Unknown category ids: a readable refusal, nothing changed. */
export function writeFeedSettings(db: Db, settings: FeedSettings): FeedSettings | string {
	const known = new Set(
		db
			.select({ id: categories.id })
			.from(categories)
			.all()
			.map((c) => c.id)
	);
	const unknown = settings.neverPublicCategoryIds.filter((id) => !known.has(id));
	if (unknown.length) return `There is no category ${unknown.join(', ')}.`;
	db.transaction((tx) => {
		const values = {
			enabled: settings.enabled,
			publishDescriptions: settings.publishDescriptions
		};
		tx.insert(open311Feed)
			.values({ id: 1, ...values })
			.onConflictDoUpdate({ target: open311Feed.id, set: values })
			.run();
		tx.delete(open311NeverPublic).run();
		for (const categoryId of new Set(settings.neverPublicCategoryIds))
			tx.insert(open311NeverPublic).values({ categoryId }).run();
	});
	return readFeedSettings(db);
}
