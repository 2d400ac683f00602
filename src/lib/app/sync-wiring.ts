// Wires the pure sync engine to this browser: Dexie store, fetch transport, timers, Web Locks,
// page events and the service worker's Background Sync wake-up. Loaded by sync-runtime once the
// first screen is on it, so the engine never holds up the sign-in or unlock screen.
import { createHttpTransport } from '$lib/api/http-transport.ts';
import { eventSourceConnector } from '$lib/api/live-events.ts';
import { getDeviceId, getLastSyncAt, setLastSyncAt } from '$lib/local/settings.ts';
import { createDexieSyncStore } from '$lib/local/sync-store.ts';
import { SyncEngine } from '$lib/sync/engine.ts';
import { createMemoryLock, createWebLock } from '$lib/sync/locks.ts';
import { startLiveTrigger } from '$lib/sync/live-trigger.ts';
import { startSyncTriggers } from '$lib/sync/scheduler.ts';
import type { Lock, SyncStatus } from '$lib/sync/types.ts';
import { browserClock } from './browser-clock.ts';
import { db } from './database.ts';

export interface SyncWiring {
	engine: SyncEngine;
	triggers: { notifySaved(): void; stop(): void };
}

/** One sync at a time across tabs; browsers without Web Locks serialise within the tab only. */
function syncLock(): Lock {
	return navigator.locks ? createWebLock(navigator.locks) : createMemoryLock();
}

/** Listens to the page's online, offline and visibility events; returns the remover. */
function pageEvent(type: 'online' | 'offline' | 'visibilitychange', fn: () => void): () => void {
	const target = type === 'visibilitychange' ? document : window;
	target.addEventListener(type, fn);
	return () => target.removeEventListener(type, fn);
}

export async function wireSync(onStatus: (status: SyncStatus) => void): Promise<SyncWiring> {
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
	engine.subscribe(onStatus);
	// Sync pauses while locked (the store cannot read sealed rows); it goes on at unlock.
	db().sealer.onChange((unlocked) => {
		if (unlocked) void engine.unlocked();
	});
	const triggers = startSyncTriggers(engine, {
		addEventListener: pageEvent,
		isVisible: () => document.visibilityState === 'visible',
		isOnline: () => navigator.onLine,
		clock: browserClock
	});
	// The server's "pull now" while the page is open (GET /api/live); the timers above stay.
	const live =
		typeof EventSource === 'undefined'
			? null
			: startLiveTrigger(engine, {
					connector: eventSourceConnector(),
					clock: browserClock,
					addEventListener: pageEvent,
					wanted: () =>
						document.visibilityState === 'visible' &&
						!engine.status.authRequired &&
						!engine.status.locked,
					onWantedChange: (fn) => engine.subscribe(() => fn())
				});
	// The service worker posts this when Chrome's Background Sync fires.
	navigator.serviceWorker?.addEventListener('message', (event: MessageEvent) => {
		if ((event.data as { type?: string } | null)?.type === 'wardline-sync')
			void engine.sync('background-sync');
	});
	return {
		engine,
		triggers: {
			notifySaved: () => triggers.notifySaved(),
			stop: () => {
				triggers.stop();
				live?.stop();
			}
		}
	};
}
