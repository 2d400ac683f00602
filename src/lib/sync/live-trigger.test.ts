import { describe, expect, it } from 'vitest';
import { FakeClock } from '../domain/testing/fake-clock.ts';
import {
	liveRetryMs,
	liveSilenceMs,
	startLiveTrigger,
	type LiveEnvironment,
	type LiveEventKind
} from './live-trigger.ts';

type EventName = 'online' | 'offline' | 'visibilitychange';

/** A connector whose lines the test drives: deliver events, fail them, see which are open. */
function fakeLive() {
	const lines: {
		open: boolean;
		send: (kind: LiveEventKind) => void;
		fail: () => void;
	}[] = [];
	const listeners = new Map<EventName, Set<() => void>>();
	const wantedListeners = new Set<() => void>();
	const state = { wanted: true };
	const clock = new FakeClock();
	const env: LiveEnvironment = {
		clock,
		connector: {
			open(handlers) {
				const line = {
					open: true,
					send: (kind: LiveEventKind) => handlers.onEvent(kind),
					fail: () => handlers.onError()
				};
				lines.push(line);
				return { close: () => (line.open = false) };
			}
		},
		addEventListener(type, fn) {
			const set = listeners.get(type) ?? new Set();
			set.add(fn);
			listeners.set(type, set);
			return () => set.delete(fn);
		},
		wanted: () => state.wanted,
		onWantedChange(fn) {
			wantedListeners.add(fn);
			return () => wantedListeners.delete(fn);
		}
	};
	const fire = (type: EventName) => listeners.get(type)?.forEach((fn) => fn());
	const wantedChanged = () => wantedListeners.forEach((fn) => fn());
	const open = () => lines.filter((l) => l.open);
	return { env, lines, open, clock, state, fire, wantedChanged };
}

function fakeEngine() {
	const calls: string[] = [];
	return { calls, engine: { sync: (reason: string) => (calls.push(reason), Promise.resolve()) } };
}

describe('the live trigger', () => {
	it('starts a sync at each "change", and not for "ready" or "ping" at first', () => {
		const live = fakeLive();
		const { calls, engine } = fakeEngine();
		const trigger = startLiveTrigger(engine, live.env);
		expect(live.open()).toHaveLength(1);
		live.lines[0].send('ready');
		live.lines[0].send('ping');
		expect(calls).toEqual([]);
		expect(trigger.state()).toBe('live');
		live.lines[0].send('change');
		live.lines[0].send('change');
		expect(calls).toEqual(['live', 'live']);
		trigger.stop();
		expect(live.open()).toHaveLength(0);
	});

	it('takes a silent line for dead (a buffering proxy) and opens another later, without waiting on it', () => {
		const live = fakeLive();
		const { calls, engine } = fakeEngine();
		startLiveTrigger(engine, live.env);
		// Nothing ever arrives: given up after the silence, then tried again with growing waits.
		live.clock.advance(liveSilenceMs);
		expect(live.open()).toHaveLength(0);
		live.clock.advance(liveRetryMs[0]);
		expect(live.lines).toHaveLength(2);
		live.clock.advance(liveSilenceMs + liveRetryMs[1] - 1);
		expect(live.lines).toHaveLength(2);
		live.clock.advance(1);
		expect(live.lines).toHaveLength(3);
		// Pings keep a line alive past the silence.
		live.lines[2].send('ready');
		for (let i = 0; i < 5; i++) {
			live.clock.advance(20_000);
			live.lines[2].send('ping');
		}
		expect(live.lines[2].open).toBe(true);
		// Back after a gap: the first "ready" of a later line pulls what was missed.
		expect(calls).toEqual(['live']);
	});

	it('after an error waits, then reconnects; "online" reconnects at once', () => {
		const live = fakeLive();
		const { engine } = fakeEngine();
		startLiveTrigger(engine, live.env);
		live.lines[0].fail();
		expect(live.open()).toHaveLength(0);
		live.clock.advance(liveRetryMs[0] - 1);
		expect(live.lines).toHaveLength(1);
		live.clock.advance(1);
		expect(live.lines).toHaveLength(2);
		live.lines[1].fail();
		live.fire('offline');
		live.fire('online');
		expect(live.lines).toHaveLength(3);
		// Events of a line already given up on change nothing.
		live.lines[1].send('change');
		expect(live.open()).toHaveLength(1);
	});

	it('holds no line while not wanted (hidden, locked, signed out) and opens one when wanted again', () => {
		const live = fakeLive();
		const { engine } = fakeEngine();
		startLiveTrigger(engine, live.env);
		live.state.wanted = false;
		live.fire('visibilitychange');
		expect(live.open()).toHaveLength(0);
		live.clock.advance(10 * liveSilenceMs);
		expect(live.lines).toHaveLength(1);
		live.state.wanted = true;
		live.wantedChanged();
		expect(live.open()).toHaveLength(1);
		live.wantedChanged();
		expect(live.lines).toHaveLength(2);
	});
});
