import { describe, expect, it } from 'vitest';
import { FakeClock } from '../domain/testing/fake-clock.ts';
import { IdleTimer } from './idle-timer.ts';

const minute = 60_000;

function idleAfter(minutes: number) {
	const clock = new FakeClock();
	let locks = 0;
	const timer = new IdleTimer(clock, minutes * minute, () => (locks += 1));
	return { clock, timer, locks: () => locks };
}

describe('auto-lock when idle', () => {
	it('locks after 10 minutes without input, once', () => {
		const { clock, timer, locks } = idleAfter(10);
		timer.start();
		clock.advance(10 * minute - 1);
		expect(locks()).toBe(0);
		clock.advance(1);
		expect(locks()).toBe(1);
		clock.advance(60 * minute);
		expect(locks()).toBe(1);
		expect(timer.isRunning).toBe(false);
	});

	it('counts from the last input', () => {
		const { clock, timer, locks } = idleAfter(10);
		timer.start();
		clock.advance(9 * minute);
		timer.touch();
		clock.advance(9 * minute);
		timer.touch();
		clock.advance(9 * minute);
		expect(locks()).toBe(0);
		clock.advance(1 * minute);
		expect(locks()).toBe(1);
	});

	it('takes a new idle time at once, locking if it has already passed', () => {
		const { clock, timer, locks } = idleAfter(10);
		timer.start();
		clock.advance(3 * minute);
		timer.setIdleMs(5 * minute);
		clock.advance(2 * minute);
		expect(locks()).toBe(1);
		timer.start();
		clock.advance(4 * minute);
		timer.setIdleMs(2 * minute);
		expect(locks()).toBe(2);
	});

	it('does nothing once stopped (signed out, or locked by hand)', () => {
		const { clock, timer, locks } = idleAfter(1);
		timer.start();
		timer.stop();
		timer.touch();
		clock.advance(5 * minute);
		timer.check();
		expect(locks()).toBe(0);
	});
});
