// Importing the postcode lookup from the ONS Postcode Directory's CSV (columns pcds or pcd, lat,
// long, osward; doterm marks a terminated postcode) or a minimal file (postcode, latitude,
// longitude, ward_code, and optionally street). Read as a stream by csv-parse; every row is
// checked first, and any refusal means nothing changes. The lookup is replaced whole.
import { parse, CsvError } from 'csv-parse';
import { isNotNull, sql } from 'drizzle-orm';
import { Readable } from 'node:stream';
import { normalisePostcode } from '#domain/referral';
import type { ImportReport } from '#domain/geography-import';
import type { AppDeps, SessionUser } from '../context.ts';
import type { Db } from '../db/open.ts';
import { geographyImports, postcodes, wards } from '../db/schema.ts';
import { recordAdminAction } from '../audit/admin-actions.ts';
import { fileProblem, ReportBuilder } from './import-report.ts';

const postcodePattern = /^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$/;

/** Each column we read, and the header names it goes by (lower case). */
const columnNames = {
	postcode: ['pcds', 'pcd', 'pcd7', 'pcd8', 'postcode'],
	lat: ['lat', 'latitude'],
	lng: ['long', 'lng', 'lon', 'longitude'],
	ward: ['osward', 'ward_code', 'wardcode', 'ward'],
	street: ['street', 'thoroughfare', 'street_name'],
	terminated: ['doterm']
} as const;
type Column = keyof typeof columnNames;
const required: Column[] = ['postcode', 'lat', 'lng', 'ward'];
const describeColumn: Record<Column, string> = {
	postcode: 'the postcode (pcds, pcd or postcode)',
	lat: 'the latitude (lat or latitude)',
	lng: 'the longitude (long or longitude)',
	ward: 'the ward code (osward or ward_code)',
	street: 'the street',
	terminated: 'the date of termination'
};

// ONSPD gives postcodes with no grid reference these coordinates.
const noLocationLat = 99.999999;

class MissingColumns extends Error {}

function columnIndexes(header: string[]): Partial<Record<Column, number>> {
	const lower = header.map((h) => h.trim().toLowerCase());
	const found: Partial<Record<Column, number>> = {};
	for (const [column, names] of Object.entries(columnNames) as [Column, readonly string[]][]) {
		const index = names.map((name) => lower.indexOf(name)).find((i) => i >= 0);
		if (index !== undefined) found[column] = index;
	}
	const missing = required.filter((column) => found[column] === undefined);
	if (missing.length > 0)
		throw new MissingColumns(
			`The file has no column for ${missing.map((c) => describeColumn[c]).join(', nor ')}. ` +
				`Its first line reads “${header.join(',').slice(0, 120)}”. Use the ONS Postcode Directory CSV, or a file with the header postcode,latitude,longitude,ward_code.`
		);
	return found;
}

type PostcodeInsert = {
	postcode: string;
	lat: number;
	lng: number;
	wardId: string;
	street: string | null;
};

/** Takes the file's records one at a time (the header first); refusals and skips go in the report. */
export class PostcodeReader {
	readonly report = new ReportBuilder('postcodes');
	readonly rows: PostcodeInsert[] = [];
	problem: string | null = null;
	readonly #firstLine = new Map<string, number>();
	#columns: Partial<Record<Column, number>> | null = null;

	constructor(readonly wardIdByCode: Map<string, string>) {}

	/** Throws MissingColumns for a header without the columns needed. */
	accept(record: string[], line: number): void {
		if (!this.#columns) {
			this.#columns = columnIndexes(record);
			return;
		}
		const { report } = this;
		report.read += 1;
		const cell = (column: Column) => {
			const index = this.#columns?.[column];
			return index === undefined ? '' : (record[index] ?? '').trim();
		};
		if (cell('terminated'))
			return report.skip('terminated postcodes (the file gives a date of termination)');
		const rawPostcode = cell('postcode');
		const postcode = normalisePostcode(rawPostcode);
		if (!postcodePattern.test(postcode))
			return report.refuse(
				line,
				rawPostcode ? `“${rawPostcode}” is not a UK postcode` : 'The postcode is empty'
			);
		const lat = Number(cell('lat'));
		const lng = Number(cell('lng'));
		if (cell('lat') === '' || cell('lng') === '' || !Number.isFinite(lat) || !Number.isFinite(lng))
			return report.refuse(line, `${postcode}: the latitude and longitude must be numbers`);
		if (lat === noLocationLat)
			return report.skip('postcodes with no location (latitude 99.999999)');
		if (Math.abs(lat) > 90 || Math.abs(lng) > 180)
			return report.refuse(line, `${postcode}: ${lat}, ${lng} is not a latitude and longitude`);
		const earlier = this.#firstLine.get(postcode);
		if (earlier !== undefined)
			return report.refuse(line, `${postcode} is in the file twice (first on line ${earlier})`);
		this.#firstLine.set(postcode, line);
		const wardId = this.wardIdByCode.get(cell('ward'));
		if (!wardId)
			return report.skip("postcodes in wards Wardline does not have (outside the council's area)");
		report.matched += 1;
		this.rows.push({ postcode, lat, lng, wardId, street: cell('street') || null });
	}

	/** After the last record: a problem with the file as a whole, if any. */
	finish(): void {
		if (!this.#columns) this.problem = 'The file is empty.';
		else if (this.report.read === 0) this.problem = 'The file has a header but no postcodes.';
		else if (this.report.ok && this.report.matched === 0)
			this.problem =
				this.wardIdByCode.size === 0
					? 'Wardline has no ward codes yet: import the ward boundaries first, then the postcodes.'
					: "None of the postcodes is in one of the council's wards. Check that the file is the council's extract, of the same year as the boundaries.";
	}
}

export function wardIdsByCode(db: Db): Map<string, string> {
	return new Map(
		db
			.select({ id: wards.id, code: wards.code })
			.from(wards)
			.where(isNotNull(wards.code))
			.all()
			.map((w) => [w.code as string, w.id])
	);
}

/** Feeds a CSV stream through csv-parse into the reader, one record at a time. */
async function readStream(body: ReadableStream<Uint8Array> | Readable, reader: PostcodeReader) {
	const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true });
	const source = body instanceof Readable ? body : Readable.fromWeb(body as never);
	source.on('error', (error) => parser.destroy(error));
	source.pipe(parser);
	try {
		for await (const { record, info } of parser as AsyncIterable<{
			record: string[];
			info: { lines: number };
		}>)
			reader.accept(record, info.lines);
		reader.finish();
	} catch (error) {
		source.unpipe(parser);
		source.destroy();
		if (error instanceof MissingColumns) reader.problem = error.message;
		else if (error instanceof CsvError)
			reader.problem = `The file cannot be read as CSV: ${error.message}. Save it again as CSV (comma separated) and try again.`;
		else throw error;
	}
}

/**
 * Checks (apply false) or imports what a reader has read: one transaction replaces the whole
 * lookup and records the import, or nothing changes.
 */
export function applyPostcodes(
	deps: Pick<AppDeps, 'db' | 'clock'>,
	user: SessionUser | null,
	reader: PostcodeReader,
	options: { apply: boolean }
): ImportReport {
	const { report } = reader;
	if (reader.problem) return fileProblem('postcodes', reader.problem);
	if (!report.ok || !options.apply) return report.build(false);
	return deps.db.transaction((tx) => {
		tx.delete(postcodes).run();
		const insert = tx
			.insert(postcodes)
			.values({
				postcode: sql.placeholder('postcode'),
				lat: sql.placeholder('lat'),
				lng: sql.placeholder('lng'),
				wardId: sql.placeholder('wardId'),
				street: sql.placeholder('street')
			})
			.prepare();
		for (const row of reader.rows) insert.run(row);
		const done = report.build(true);
		const importRow = tx
			.insert(geographyImports)
			.values({
				kind: 'postcodes',
				at: deps.clock().toISOString(),
				byUserId: user?.id ?? null,
				report: done
			})
			.returning({ id: geographyImports.id })
			.get();
		// On better-sqlite3 the audit row's write joins this transaction.
		if (user)
			recordAdminAction(deps, user, 'geography.postcodes.import', {
				importId: importRow.id,
				read: report.read,
				matched: report.matched
			});
		return done;
	});
}

/** The HTTP import: the body is read as a stream, then checked or applied. */
export async function importPostcodes(
	deps: Pick<AppDeps, 'db' | 'clock'>,
	user: SessionUser | null,
	body: ReadableStream<Uint8Array> | Readable,
	options: { apply: boolean }
): Promise<ImportReport> {
	const reader = new PostcodeReader(wardIdsByCode(deps.db));
	await readStream(body, reader);
	return applyPostcodes(deps, user, reader, options);
}
