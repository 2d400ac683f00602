// A ward or category filter must name one that exists: a stale id from an old bookmark should
// say so, not quietly show nothing.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { categories, wards } from '../db/schema.ts';
import { badRequest } from '../http/errors.ts';

export function checkFilters(db: Db, filters: { wardId?: string; categoryId?: string }): void {
	if (filters.wardId && !db.select().from(wards).where(eq(wards.id, filters.wardId)).get())
		throw badRequest(`There is no ward "${filters.wardId}". Choose one from the list.`);
	if (
		filters.categoryId &&
		!db.select().from(categories).where(eq(categories.id, filters.categoryId)).get()
	)
		throw badRequest(`There is no category "${filters.categoryId}". Choose one from the list.`);
}
