// Wires the pure sync engine to this browser: Dexie store, fetch transport, timers, Web Locks,
// page events and the service worker's Background Sync wake-up. One per page.
import { createHttpTransport } from '$lib/api/http-transport.ts';
import { openWardlineDb, type WardlineDb } from '$lib/local/db.ts';
import { getDeviceId, getLastSyncAt, setLastSyncAt } from '$lib/local/settings.ts';
import { createDexieSyncStore } from '$lib/local/sync-store.ts';
import { SyncEngine } from '$lib/sync/engine.ts';
import { createMemoryLock, createWebLock } from '$lib/sync/locks.ts';
import { startSyncTriggers } from '$lib/sync/scheduler.ts';
import type { Clock, Lock } from '$lib/sync/types.ts';

export interface SyncView {
	running: boolean;
	online: boolean | null;
	lastSuccessAt: string | null;
	lastError: string | null;
	authRequired: boolean;
	/** The tablet is locked: sync waits for the unlock. */
	locked: boolean;
	nextRetryAt: number | null;
	waiting: number;
	attention: number;
}

const browserClock: Clock = {
	now: () => Date.now(),
	setTimeout: (fn, ms) => setTimeout(fn, ms),
	clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

/** One sync at a time across tabs; browsers without Web Locks serialise within the tab only. */
function syncLock(): Lock {
	return navigator.locks ? createWebLock(navigator.locks) : createMemoryLock();
}

let database: WardlineDb | null = null;

/** The tablet's database, opened on first use (never during prerendering). */
export function db(): WardlineDb {
	database ??= openWardlineDb();
	return database;
}

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
	private engine: SyncEngine | null = null;
	private triggers: { notifySaved(): void; stop(): void } | null = null;
	private starting: Promise<void> | null = null;

	/** Once per page: the layout may ask again before the first start has finished its awaits. */
	start(): Promise<void> {
		this.starting ??= this.startOnce();
		return this.starting;
	}

	private async startOnce(): Promise<void> {
		const engine = new SyncEngine({
			store: createDexieSyncStore(db()),
			transport: createHttpTransport({ fetch: (...args) => fetch(...args) }),
			clock: browserClock,
			random: Math.random,
			lock: syncLock(),
			deviceId: await getDeviceId(),
			lastSuccessAt: await getLastSyncAt(),
			onSuccess: (at) => void setLastSyncAt(at)
		});
		this.engine = engine;
		engine.subscribe((status) => {
			this.status = { ...status };
		});
		// Sync pauses while locked (the store cannot read sealed rows); it goes on at unlock.
		db().sealer.onChange((unlocked) => {
			if (unlocked) void engine.unlocked();
		});
		this.triggers = startSyncTriggers(engine, {
			addEventListener: (type, fn) => {
				const target = type === 'visibilitychange' ? document : window;
				target.addEventListener(type, fn);
				return () => target.removeEventListener(type, fn);
			},
			isVisible: () => document.visibilityState === 'visible',
			isOnline: () => navigator.onLine,
			clock: browserClock
		});
		// The service worker posts this when Chrome's Background Sync fires.
		navigator.serviceWorker?.addEventListener('message', (event: MessageEvent) => {
			if ((event.data as { type?: string } | null)?.type === 'wardline-sync')
				void engine.sync('background-sync');
		});
	}

	/** Call after every local save: syncs shortly, and asks for Background Sync where it exists. */
	saved(): void {
		this.triggers?.notifySaved();
		void this.engine?.refreshCounts();
		void registerBackgroundSync();
	}

	syncNow(): Promise<unknown> {
		return this.engine?.sync('button') ?? Promise.resolve();
	}

	/** After signing in again, let a sync paused by a 401 go on. */
	resume(): void {
		void this.engine?.resume();
	}

	refreshCounts(): void {
		void this.engine?.refreshCounts();
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
