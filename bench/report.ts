// Shared by the benchmarks: the machine they ran on, percentiles, and the rows each one reports
// (printed as a table alone, or handed to bench/run.ts through BENCH_RESULTS as JSON lines).
import { appendFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';

export interface BenchRow {
	benchmark: string;
	measure: string;
	value: string;
	target?: string;
}

export function machine(): string {
	const cpu = cpus();
	return (
		`${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ` +
		`${Math.round(totalmem() / 2 ** 30)} GB RAM, ${platform()} ${release()}, Node ${process.version}`
	);
}

/** The p-th percentile (0..100) of the samples, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
	const sorted = [...samples].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** Prints the rows, and also appends them for bench/run.ts when it asked for them. */
export function report(rows: BenchRow[]): void {
	console.table(rows);
	const file = process.env.BENCH_RESULTS;
	if (file) appendFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
}
