// Runs every benchmark, each in its own process (so memory figures are its own), and prints one
// combined table with the machine. `npm run bench`; BENCH_SKIP_BUILD=1 reuses build/ as it is.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, type BenchRow } from './report.ts';

const benchmarks = [
	'bench/bundle.ts',
	'bench/save-referral.ts',
	'bench/geography.ts',
	'bench/cold-start.ts',
	'bench/push-year.ts',
	'bench/push.ts',
	// In Chromium through the app first; the Node figure over fake-indexeddb is the second line.
	'bench/chromium-pull.ts',
	'bench/pull.ts',
	'bench/api-load.ts',
	'bench/list.ts',
	// Another engineer's; it prints its own tables (insights over 20,000 referrals).
	'bench/insights.ts'
];

if (process.env.BENCH_SKIP_BUILD !== '1') {
	const build = spawnSync('npx', ['vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
	if (build.status !== 0) process.exit(build.status ?? 1);
}

const dir = mkdtempSync(join(tmpdir(), 'wardline-bench-results-'));
const results = join(dir, 'rows.jsonl');
const failed: string[] = [];
for (const file of benchmarks) {
	console.log(`\n### ${file}`);
	const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', file], {
		stdio: 'inherit',
		env: { ...process.env, BENCH_RESULTS: results }
	});
	if (run.status !== 0) failed.push(file);
}

let rows: BenchRow[] = [];
try {
	rows = readFileSync(results, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line) as BenchRow);
} catch {
	// No benchmark reported anything.
}
rmSync(dir, { recursive: true, force: true });
console.log(`\n## All figures\nMachine: ${machine()}\n`);
console.table(rows);
if (failed.length > 0) {
	console.error(`Failed: ${failed.join(', ')}`);
	process.exit(1);
}
