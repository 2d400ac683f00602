// The browser's own time and timers, as the Clock that the sync engine and the idle lock are handed.
import type { Clock } from '$lib/domain/clock.ts';

export const browserClock: Clock = {
	now: () => Date.now(),
	setTimeout: (fn, ms) => setTimeout(fn, ms),
	clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};
