// Calls onIdle once nothing has touched it for `idleMs` (input events call touch()). It works from
// timestamps, so a tablet that slept with its timers held back locks as soon as it wakes.
import type { Clock } from '../domain/clock.ts';

export class IdleTimer {
	private last = 0;
	private timer: unknown = null;
	private running = false;

	constructor(
		private readonly clock: Clock,
		private idleMs: number,
		private readonly onIdle: () => void
	) {}

	get isRunning(): boolean {
		return this.running;
	}

	start(): void {
		this.running = true;
		this.last = this.clock.now();
		this.schedule(this.idleMs);
	}

	stop(): void {
		this.running = false;
		this.cancel();
	}

	/** Activity: cheap enough for every key press and touch (no timer churn). */
	touch(): void {
		if (this.running) this.last = this.clock.now();
	}

	setIdleMs(ms: number): void {
		this.idleMs = ms;
		this.check();
	}

	/** Locks now if idle long enough (also called when the page becomes visible again). */
	check(): void {
		if (!this.running) return;
		const idleFor = this.clock.now() - this.last;
		if (idleFor >= this.idleMs) {
			this.stop();
			this.onIdle();
		} else {
			this.schedule(this.idleMs - idleFor);
		}
	}

	private schedule(ms: number): void {
		this.cancel();
		this.timer = this.clock.setTimeout(() => {
			this.timer = null;
			this.check();
		}, ms);
	}

	private cancel(): void {
		if (this.timer !== null) this.clock.clearTimeout(this.timer);
		this.timer = null;
	}
}
