// The Member's list as the page sees it: the first rows at once, the rest read in chunks with
// progress, then kept up to date by re-reading only what changed (see local/referral-list.ts).
// One per tab, kept while the app runs, so coming back to the list is instant.
import { ReferralListCache, type ListRow } from '$lib/local/referral-list.ts';
import { db } from './database.ts';
import { watchThrottled } from './throttled-watch.ts';

class ReferralList {
	/** Bumped whenever `rows` changed; the page derives its filtered list from it. */
	version = $state(0);
	/** The newest few, shown before the rest are read. */
	firstRows = $state<ListRow[] | null>(null);
	loaded = $state(false);
	progress = $state<{ done: number; total: number } | null>(null);
	private cache: ReferralListCache | null = null;
	private stopWatching: (() => void) | null = null;
	private refreshing: Promise<void> | null = null;
	private again = false;

	get rows(): Map<string, ListRow> {
		return this.cache?.rows ?? new Map();
	}

	start(): void {
		if (this.stopWatching) return;
		// Locking forgets every opened row: personal data is in memory only while unlocked.
		db().sealer.onChange((unlocked) => {
			if (!unlocked) void this.forget();
			else void this.forget().finally(() => this.refresh());
		});
		// The newest rows first, then the rest: any write wakes the refresh, a few times a second at
		// most, and the work done is only what changed.
		this.stopWatching = () => undefined;
		void this.forget().finally(() => {
			this.stopWatching = watchThrottled(
				() => Promise.resolve(),
				() => this.refresh()
			);
		});
	}

	private forget(): Promise<void> {
		const cache = new ReferralListCache(db());
		this.cache = cache;
		this.loaded = false;
		this.progress = null;
		this.firstRows = null;
		this.version += 1;
		if (!db().sealer.unlocked) return Promise.resolve();
		return cache
			.first(20)
			.then((rows) => {
				if (this.cache === cache && !this.loaded) this.firstRows = rows;
			})
			.catch(() => undefined);
	}

	private refresh(): void {
		if (this.refreshing) {
			this.again = true;
			return;
		}
		this.refreshing = (async () => {
			try {
				do {
					this.again = false;
					let lastShown = 0;
					await this.cache?.refresh((done, total) => {
						if (this.loaded) return;
						this.progress = { done, total };
						// Redraw at most a few times a second while the first read goes on.
						if (performance.now() - lastShown > 500) {
							lastShown = performance.now();
							this.version += 1;
						}
					});
					this.loaded = true;
					this.progress = null;
					this.version += 1;
				} while (this.again);
			} catch {
				// Locked meanwhile: the next change (or unlock) refreshes again.
			} finally {
				this.refreshing = null;
			}
		})();
	}
}

export const referralList = new ReferralList();
