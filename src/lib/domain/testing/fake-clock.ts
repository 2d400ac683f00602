// Test kit: a manual clock whose timers fire only when a test moves time. One for both sides: the
// tablet's code takes it as a Clock, the server's (which reads time as a Date) takes `read`.
import type { Clock } from '../clock.ts';

interface Timer {
	id: number;
	at: number;
	fn: () => void;
}

export class FakeClock implements Clock {
	private timers: Timer[] = [];
	private nextId = 1;
	private current: number;

	constructor(start: number | Date = Date.parse('2026-03-02T09:00:00Z')) {
		this.current = typeof start === 'number' ? start : start.getTime();
	}

	now(): number {
		return this.current;
	}

	/** The time as a Date: the server's `clock` option. */
	readonly read = (): Date => new Date(this.current);

	/** Jumps to a moment (forwards or back) without firing timers. */
	set(at: number | Date): void {
		this.current = typeof at === 'number' ? at : at.getTime();
	}

	setTimeout(fn: () => void, ms: number): unknown {
		const timer = { id: this.nextId++, at: this.current + Math.max(0, ms), fn };
		this.timers.push(timer);
		return timer.id;
	}

	clearTimeout(handle: unknown): void {
		this.timers = this.timers.filter((t) => t.id !== handle);
	}

	/** Timers still waiting, soonest first. */
	get pending(): readonly { at: number }[] {
		return [...this.timers].sort((a, b) => a.at - b.at);
	}

	/** Moves time forward, firing due timers in order. */
	advance(ms: number): void {
		const until = this.current + ms;
		for (;;) {
			const due = this.timers
				.filter((t) => t.at <= until)
				.sort((a, b) => a.at - b.at || a.id - b.id)[0];
			if (!due) break;
			this.timers = this.timers.filter((t) => t !== due);
			this.current = due.at;
			due.fn();
		}
		this.current = until;
	}
}
