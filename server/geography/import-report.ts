// Building an import's report as it reads: refusals listed up to a cap (all counted), skipped
// rows counted by reason. Shared by the boundary and the postcode import.
import { maxListedRefusals, type ImportKind, type ImportReport } from '#domain/geography-import';

export class ReportBuilder {
	read = 0;
	matched = 0;
	refusedCount = 0;
	readonly refused: ImportReport['refused'] = [];
	readonly notes: string[] = [];
	readonly #skipped = new Map<string, number>();

	constructor(readonly kind: ImportKind) {}

	refuse(line: number, reason: string): void {
		this.refusedCount += 1;
		if (this.refused.length < maxListedRefusals) this.refused.push({ line, reason });
	}

	skip(reason: string): void {
		this.#skipped.set(reason, (this.#skipped.get(reason) ?? 0) + 1);
	}

	get ok(): boolean {
		return this.refusedCount === 0;
	}

	build(applied: boolean, extra: Partial<ImportReport> = {}): ImportReport {
		return {
			kind: this.kind,
			applied,
			read: this.read,
			matched: this.matched,
			skipped: [...this.#skipped].map(([reason, count]) => ({ reason, count })),
			refusedCount: this.refusedCount,
			refused: this.refused,
			notes: this.notes,
			...extra
		};
	}
}

/** A report for a file that could not be read at all: nothing in it was taken. */
export function fileProblem(kind: ImportKind, problem: string): ImportReport {
	return { ...new ReportBuilder(kind).build(false), problem };
}
