// Writes generated referrals in one transaction, giving them references (CR-<year>-<n>, carrying
// on from the year's counter) and change numbers, so referrals made later never collide with them.
import { eq, getTableColumns, sql, type Column } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { changeCounter, referralCounters, referrals, timelineEntries } from '../db/schema.ts';
import type { GeneratedReferral } from './generate-referrals.ts';

/**
 * One prepared INSERT (drizzle placeholders) reused for every row: drizzle's multi-row insert
 * builds a fresh statement per chunk and takes seconds for 20,000 rows. Placeholders are filled
 * raw, so values go through the columns' own mappers (booleans) first.
 */
function preparedInsert(db: Db, table: typeof referrals | typeof timelineEntries, sample: object) {
	const columns: Record<string, Column> = getTableColumns(table);
	const keys = Object.keys(sample).filter((key) => key in columns);
	// `never`: drizzle types a values object column by column; these keys come from a whole row.
	const statement = db
		.insert(table)
		.values(Object.fromEntries(keys.map((key) => [key, sql.placeholder(key)])) as never)
		.prepare();
	return (row: Record<string, unknown>) =>
		statement.run(
			Object.fromEntries(
				keys.map((key) => {
					const value = row[key];
					return [
						key,
						value === null || value === undefined
							? null
							: // drizzle already encodes JSON columns' placeholders; encoding here too
								// would store a JSON string of the JSON.
								columns[key].dataType === 'json'
								? value
								: columns[key].mapToDriverValue(value)
					];
				})
			)
		);
}

export function insertReferrals(db: Db, generated: GeneratedReferral[]): void {
	if (generated.length === 0) return;
	const ordered = [...generated].sort((a, b) => (a.row.createdAt < b.row.createdAt ? -1 : 1));
	db.transaction((tx) => {
		const counters = new Map(
			tx
				.select()
				.from(referralCounters)
				.all()
				.map((c) => [c.year, c.last])
		);
		let changeNo = tx.select().from(changeCounter).where(eq(changeCounter.id, 1)).get()?.value ?? 0;
		const insertReferral = preparedInsert(tx, referrals, {
			...ordered[0].row,
			reference: '',
			changeNo: 0
		});
		const insertEntry = preparedInsert(tx, timelineEntries, ordered[0].timeline[0]);
		for (const { row, timeline } of ordered) {
			const year = Number(row.createdAt.slice(0, 4));
			const last = (counters.get(year) ?? 0) + 1;
			counters.set(year, last);
			changeNo += 1;
			insertReferral({
				...row,
				reference: `CR-${year}-${String(last).padStart(5, '0')}`,
				changeNo
			});
			for (const entry of timeline) insertEntry({ ...entry });
		}
		for (const [year, last] of counters)
			tx.insert(referralCounters)
				.values({ year, last })
				.onConflictDoUpdate({ target: referralCounters.year, set: { last } })
				.run();
		tx.insert(changeCounter)
			.values({ id: 1, value: changeNo })
			.onConflictDoUpdate({ target: changeCounter.id, set: { value: changeNo } })
			.run();
	});
}
