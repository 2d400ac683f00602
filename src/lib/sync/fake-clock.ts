// Test double: a manual clock whose timers fire only when a test advances time.
import type { Clock } from './types.ts';

interface Timer {
	id: number;
	at: number;
	fn: () => void;
}

export class FakeClock implements Clock {
	private timers: Timer[] = [];
	private nextId = 1;

	constructor(private current = Date.parse('2026-03-02T09:00:00Z')) {}

	now(): number {
		return this.current;
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
