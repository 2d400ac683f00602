// The sync engine as the pages see it: its status, and "saved", "sync now" and "resume". The
// engine itself (and the store, transport and triggers around it) is loaded once the first
// screen has been painted: sign-in and unlock never wait for it, and it pauses while locked.
import type { SyncStatus } from '$lib/sync/types.ts';
import { afterFirstPaint } from './after-paint.ts';
import type { SyncWiring } from './sync-wiring.ts';

export type SyncView = SyncStatus;

class SyncRuntime {
	status = $state<SyncView>({
		running: false,
		online: null,
		lastSuccessAt: null,
		lastError: null,
		authRequired: false,
		locked: false,
		nextRetryAt: null,
		waiting: 0,
		attention: 0
	});
	private wiring: SyncWiring | null = null;
	private starting: Promise<void> | null = null;

	/** Once per page: the layout may ask again before the first start has finished its awaits. */
	start(): Promise<void> {
		this.starting ??= this.startOnce();
		return this.starting;
	}

	private async startOnce(): Promise<void> {
		await afterFirstPaint();
		const { wireSync } = await import('./sync-wiring.ts');
		this.wiring = await wireSync((status) => {
			this.status = { ...status };
		});
	}

	/** Call after every local save: syncs shortly, and asks for Background Sync where it exists. */
	saved(): void {
		this.wiring?.triggers.notifySaved();
		void this.wiring?.engine.refreshCounts();
		void registerBackgroundSync();
	}

	/** The "Sync now" button: waits for the engine if it is still loading. */
	async syncNow(): Promise<unknown> {
		await this.starting;
		return this.wiring?.engine.sync('button');
	}

	/** After signing in again, let a sync paused by a 401 go on. */
	resume(): void {
		void this.wiring?.engine.resume();
	}

	refreshCounts(): void {
		void this.wiring?.engine.refreshCounts();
	}
}

async function registerBackgroundSync(): Promise<void> {
	try {
		const registration = await navigator.serviceWorker?.getRegistration();
		const sync = (
			registration as
				| (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } })
				| undefined
		)?.sync;
		await sync?.register('wardline-sync');
	} catch {
		// No Background Sync (Safari, Firefox) or not allowed: the in-page triggers cover it.
	}
}

export const syncRuntime = new SyncRuntime();
