// One more sync trigger: the server's live line says "pull now" and a sync starts. The line is
// a hint, never waited on: silence for too long (a proxy that buffers, a dead connection) or an
// error closes it, and the timers of scheduler.ts go on as before until a new line is up.
// Plain TypeScript over an injected connector and clock; the browser's EventSource is in
// $lib/api/live-events.ts.
import type { Clock } from '../domain/clock.ts';

export type LiveEventKind = 'ready' | 'change' | 'ping';

export interface LiveLine {
	close(): void;
}

export interface LiveConnector {
	open(handlers: { onEvent(kind: LiveEventKind): void; onError(): void }): LiveLine;
}

export interface LiveEnvironment {
	connector: LiveConnector;
	clock: Clock;
	addEventListener(type: 'online' | 'offline' | 'visibilitychange', fn: () => void): () => void;
	/** Whether a line is worth having now: the page is visible, signed in and unlocked. */
	wanted(): boolean;
	/** Calls `fn` when what `wanted` reads may have changed (the sync status); returns a remover. */
	onWantedChange(fn: () => void): () => void;
}

/** The server pings every 20 s; a line silent for this long is taken for dead. */
export const liveSilenceMs = 45_000;
/** Waits before opening a line again after one failed, in turn; the last repeats. */
export const liveRetryMs = [2_000, 10_000, 30_000, 120_000, 300_000];

export type LiveState = 'off' | 'connecting' | 'live';

export function startLiveTrigger(
	engine: { sync(reason: string): Promise<unknown> },
	env: LiveEnvironment
): { stop(): void; state(): LiveState } {
	let line: LiveLine | null = null;
	let state: LiveState = 'off';
	let failures = 0;
	let linesOpened = 0;
	let stopped = false;
	let watchdog: unknown = null;
	let retry: unknown = null;

	const clear = (handle: unknown) => {
		if (handle !== null) env.clock.clearTimeout(handle);
	};

	function close() {
		clear(watchdog);
		watchdog = null;
		line?.close();
		line = null;
		state = 'off';
	}

	function armWatchdog() {
		clear(watchdog);
		watchdog = env.clock.setTimeout(() => failed(), liveSilenceMs);
	}

	function failed() {
		close();
		if (stopped) return;
		const wait = liveRetryMs[Math.min(failures, liveRetryMs.length - 1)];
		failures++;
		clear(retry);
		retry = env.clock.setTimeout(() => {
			retry = null;
			evaluate();
		}, wait);
	}

	function open() {
		state = 'connecting';
		linesOpened++;
		const opened: LiveLine = env.connector.open({
			onEvent(kind) {
				// Events of a line already given up on are not listened to.
				if (stopped || line !== opened) return;
				armWatchdog();
				if (kind === 'ready') {
					state = 'live';
					failures = 0;
					// Back after a gap: whatever changed meanwhile is pulled now. (The first line
					// opens with the page, whose own 'start' sync has it.)
					if (linesOpened > 1) void engine.sync('live');
				} else if (kind === 'change') void engine.sync('live');
			},
			onError() {
				if (stopped || line !== opened) return;
				failed();
			}
		});
		line = opened;
		armWatchdog();
	}

	/** Opens a line if one is wanted and none is open or waiting to be retried; closes one not wanted. */
	function evaluate() {
		if (stopped) return;
		if (!env.wanted()) {
			close();
			return;
		}
		if (line === null && retry === null) open();
	}

	const removers = [
		env.addEventListener('online', () => {
			// A new network: try at once rather than at the next retry.
			failures = 0;
			clear(retry);
			retry = null;
			evaluate();
		}),
		env.addEventListener('offline', () => close()),
		env.addEventListener('visibilitychange', () => evaluate()),
		env.onWantedChange(() => evaluate())
	];
	evaluate();

	return {
		stop() {
			stopped = true;
			clear(retry);
			retry = null;
			close();
			for (const remove of removers) remove();
		},
		state: () => state
	};
}
