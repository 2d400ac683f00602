// Time as code is handed it: the sync engine, its triggers and the idle lock read the time and set
// timers only through a Clock, so tests can move time by hand.
export interface Clock {
	now(): number;
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}
