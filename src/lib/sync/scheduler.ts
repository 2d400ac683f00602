// The in-page sync triggers (app start, `online`, page visible again, shortly after a save, and
// a gentle poll while the page is on screen so answers arrive unasked): enough on their own for
// Safari/iPadOS, which has no Background Sync.
import type { SyncEngine } from './engine.ts';
import type { Clock } from '../domain/clock.ts';

export interface TriggerEnvironment {
	addEventListener(type: 'online' | 'offline' | 'visibilitychange', fn: () => void): () => void;
	isVisible(): boolean;
	isOnline(): boolean;
	clock: Clock;
}

export const saveDebounceMs = 500;
/** While visible, look for status changes and answers this often. */
export const pollIntervalMs = 60_000;

type Triggerable = Pick<SyncEngine, 'sync' | 'onOnline' | 'onOffline'>;

export function startSyncTriggers(
	engine: Triggerable,
	env: TriggerEnvironment
): { notifySaved: () => void; stop: () => void } {
	let saveTimer: unknown = null;
	let pollTimer: unknown = null;
	let stopped = false;

	const poll = () => {
		pollTimer = env.clock.setTimeout(() => {
			if (stopped) return;
			if (env.isVisible()) void engine.sync('poll');
			poll();
		}, pollIntervalMs);
	};
	poll();

	const removers = [
		env.addEventListener('online', () => void engine.onOnline()),
		env.addEventListener('offline', () => engine.onOffline()),
		env.addEventListener('visibilitychange', () => {
			if (env.isVisible()) void engine.sync('visible');
		})
	];

	// navigator.onLine is only a hint (a failed request is the fact), so try even when it says offline.
	if (!env.isOnline()) engine.onOffline();
	void engine.sync('start');

	return {
		notifySaved() {
			if (stopped) return;
			if (saveTimer !== null) env.clock.clearTimeout(saveTimer);
			saveTimer = env.clock.setTimeout(() => {
				saveTimer = null;
				void engine.sync('saved');
			}, saveDebounceMs);
		},
		stop() {
			stopped = true;
			if (saveTimer !== null) env.clock.clearTimeout(saveTimer);
			if (pollTimer !== null) env.clock.clearTimeout(pollTimer);
			saveTimer = null;
			pollTimer = null;
			for (const remove of removers) remove();
		}
	};
}
