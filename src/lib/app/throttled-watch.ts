// Watches the tablet's database for a query whose answer costs a read of many rows (a count over
// an index, a list's refresh): runs it now and again after writes, at most once per `everyMs`, so
// a pull of a hundred pages asks a few times rather than once per page. liveQuery re-runs on
// every commit; this hears Dexie's own "storagemutated" (this tab, other tabs and workers).
import { Dexie } from 'dexie';

export function watchThrottled<T>(
	query: () => Promise<T>,
	next: (value: T) => void,
	everyMs = 500
): () => void {
	let running = false;
	let again = false;
	let timer: ReturnType<typeof setTimeout> | null = null;
	let lastRun = -Infinity;

	async function run(): Promise<void> {
		if (running) {
			again = true;
			return;
		}
		running = true;
		lastRun = performance.now();
		try {
			next(await query());
		} catch {
			// Locked or closed meanwhile: the next write asks again.
		} finally {
			running = false;
			if (again) {
				again = false;
				schedule();
			}
		}
	}

	function schedule(): void {
		if (timer !== null) return;
		const wait = Math.max(0, lastRun + everyMs - performance.now());
		timer = setTimeout(() => {
			timer = null;
			void run();
		}, wait);
	}

	Dexie.on.storagemutated.subscribe(schedule);
	void run();
	return () => {
		Dexie.on.storagemutated.unsubscribe(schedule);
		if (timer !== null) clearTimeout(timer);
	};
}
