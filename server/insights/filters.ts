// A ward or category filter must name one that exists: a stale id from an old bookmark should
// say so, not quietly show nothing.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { categories, wards } from '../db/schema.ts';
import { done, refused, type Outcome } from '../outcome.ts';

export function checkFilters<F extends { wardId?: string; categoryId?: string }>(
	db: Db,
	filters: F
): Outcome<F> {
	if (filters.wardId && !db.select().from(wards).where(eq(wards.id, filters.wardId)).get())
		return refused('invalid', `There is no ward "${filters.wardId}". Choose one from the list.`);
	if (
		filters.categoryId &&
		!db.select().from(categories).where(eq(categories.id, filters.categoryId)).get()
	)
		return refused(
			'invalid',
			`There is no category "${filters.categoryId}". Choose one from the list.`
		);
	return done(filters);
}
