// Response templates per Business Unit: kept by admins and by the unit's officers, read by the
// unit's officers in the answer form. No personal data, so not in the referral audit log.
// Who may touch which unit's templates is the route's to check (actsForUnit).
import { asc, count, eq } from 'drizzle-orm';
import {
	templateLimits,
	type ResponseTemplate,
	type ResponseTemplateInput,
	type ResponseTemplatePatch
} from '#domain/response-templates';
import type { AppDeps } from '../context.ts';
import type { Db } from '../db/open.ts';
import { responseTemplates, units } from '../db/schema.ts';
import { done, refused, type Outcome } from '../outcome.ts';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'ids'>;
export type TemplateRow = typeof responseTemplates.$inferSelect;

const shown = (row: TemplateRow): ResponseTemplate => ({
	id: row.id,
	unitId: row.unitId,
	title: row.title,
	text: row.text,
	updatedAt: row.updatedAt
});

export const findTemplate = (db: Db, id: string): TemplateRow | undefined =>
	db.select().from(responseTemplates).where(eq(responseTemplates.id, id)).get();

export const listTemplates = (db: Db, unitId: string): ResponseTemplate[] =>
	db
		.select()
		.from(responseTemplates)
		.where(eq(responseTemplates.unitId, unitId))
		.orderBy(asc(responseTemplates.title), asc(responseTemplates.id))
		.all()
		.map(shown);

export function createTemplate(
	deps: Deps,
	input: ResponseTemplateInput
): Outcome<ResponseTemplate> {
	const unit = deps.db.select().from(units).where(eq(units.id, input.unitId)).get();
	if (!unit) return refused('invalid', 'There is no such team.');
	const held =
		deps.db
			.select({ n: count() })
			.from(responseTemplates)
			.where(eq(responseTemplates.unitId, unit.id))
			.get()?.n ?? 0;
	// Templates are for the common answers; a long list is one nobody reads.
	if (held >= templateLimits.perUnit)
		return refused(
			'refused',
			`${unit.name} has ${templateLimits.perUnit} templates already. Remove one you no longer use first.`
		);
	const now = deps.clock().toISOString();
	const row = deps.db
		.insert(responseTemplates)
		.values({
			id: deps.ids(),
			unitId: unit.id,
			title: input.title,
			text: input.text,
			createdAt: now,
			updatedAt: now
		})
		.returning()
		.get();
	return done(shown(row));
}

export function updateTemplate(
	deps: Deps,
	id: string,
	patch: ResponseTemplatePatch
): ResponseTemplate {
	const row = deps.db
		.update(responseTemplates)
		.set({
			...(patch.title !== undefined ? { title: patch.title } : {}),
			...(patch.text !== undefined ? { text: patch.text } : {}),
			updatedAt: deps.clock().toISOString()
		})
		.where(eq(responseTemplates.id, id))
		.returning()
		.get();
	return shown(row);
}

export function deleteTemplate(db: Db, id: string): void {
	db.delete(responseTemplates).where(eq(responseTemplates.id, id)).run();
}
