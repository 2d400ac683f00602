import { describe, expect, it } from 'vitest';
import { FakeClock } from '../domain/testing/fake-clock.ts';
import {
	pollIntervalMs,
	saveDebounceMs,
	startSyncTriggers,
	type TriggerEnvironment
} from './scheduler.ts';
import type { SyncOutcome } from './types.ts';

type EventName = 'online' | 'offline' | 'visibilitychange';

function fakeEnvironment(online = true) {
	const listeners = new Map<EventName, Set<() => void>>();
	const state = { visible: true, online };
	const clock = new FakeClock();
	const env: TriggerEnvironment = {
		addEventListener(type, fn) {
			const set = listeners.get(type) ?? new Set();
			set.add(fn);
			listeners.set(type, set);
			return () => set.delete(fn);
		},
		isVisible: () => state.visible,
		isOnline: () => state.online,
		clock
	};
	const fire = (type: EventName) => listeners.get(type)?.forEach((fn) => fn());
	const listenerCount = () => [...listeners.values()].reduce((n, set) => n + set.size, 0);
	return { env, state, clock, fire, listenerCount };
}

function fakeEngine() {
	const calls: string[] = [];
	const done: SyncOutcome = { ok: true, pushed: 0, rejected: 0, pulled: 0 };
	return {
		calls,
		engine: {
			sync: (reason: string) => (calls.push(reason), Promise.resolve(done)),
			onOnline: () => (calls.push('online'), Promise.resolve(done)),
			onOffline: () => void calls.push('offline')
		}
	};
}

describe('sync triggers', () => {
	it('sync at start, when back online and when the page is visible again', () => {
		const { env, state, fire } = fakeEnvironment();
		const { engine, calls } = fakeEngine();
		startSyncTriggers(engine, env);
		fire('online');
		state.visible = false;
		fire('visibilitychange');
		state.visible = true;
		fire('visibilitychange');
		fire('offline');
		expect(calls).toEqual(['start', 'online', 'visible', 'offline']);
	});

	it('still try at start when the browser says offline, since that is only a hint', () => {
		const { env } = fakeEnvironment(false);
		const { engine, calls } = fakeEngine();
		startSyncTriggers(engine, env);
		expect(calls).toEqual(['offline', 'start']);
	});

	it('sync once, shortly after a burst of saves', () => {
		const { env, clock } = fakeEnvironment();
		const { engine, calls } = fakeEngine();
		const triggers = startSyncTriggers(engine, env);
		triggers.notifySaved();
		clock.advance(saveDebounceMs - 100);
		triggers.notifySaved();
		clock.advance(saveDebounceMs - 100);
		expect(calls).toEqual(['start']);
		clock.advance(100);
		expect(calls).toEqual(['start', 'saved']);
	});

	it('stop listening and drop a pending save trigger when stopped', () => {
		const { env, clock, fire, listenerCount } = fakeEnvironment();
		const { engine, calls } = fakeEngine();
		const triggers = startSyncTriggers(engine, env);
		triggers.notifySaved();
		triggers.stop();
		clock.advance(saveDebounceMs * 2);
		fire('online');
		expect(calls).toEqual(['start']);
		expect(listenerCount()).toBe(0);
	});

	it('look for answers every minute while the page is on screen, not while hidden', () => {
		const { env, clock, state } = fakeEnvironment();
		const { engine, calls } = fakeEngine();
		const triggers = startSyncTriggers(engine, env);
		clock.advance(pollIntervalMs);
		expect(calls).toEqual(['start', 'poll']);
		state.visible = false;
		clock.advance(pollIntervalMs * 3);
		expect(calls).toEqual(['start', 'poll']);
		state.visible = true;
		clock.advance(pollIntervalMs);
		expect(calls).toEqual(['start', 'poll', 'poll']);
		triggers.stop();
		clock.advance(pollIntervalMs * 2);
		expect(calls).toEqual(['start', 'poll', 'poll']);
	});
});
