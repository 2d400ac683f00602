import { describe, expect, it } from 'vitest';
import { createMemoryLock, createWebLock } from './locks.ts';

describe('locks', () => {
	it('the memory lock runs holders of one name one after another, even when one fails', async () => {
		const lock = createMemoryLock();
		const events: string[] = [];
		const hold = (name: string, label: string, fail = false) =>
			lock.run(name, async () => {
				events.push(`${label} in`);
				await new Promise((resolve) => setTimeout(resolve, 2));
				events.push(`${label} out`);
				if (fail) throw new Error(label);
				return label;
			});
		const results = await Promise.allSettled([
			hold('sync', 'a', true),
			hold('sync', 'b'),
			hold('other', 'c')
		]);
		expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
		expect(events.indexOf('b in')).toBeGreaterThan(events.indexOf('a out'));
		expect(events.indexOf('c in')).toBeLessThan(events.indexOf('a out'));
	});

	it('the web lock asks the browser lock manager under the given name', async () => {
		const asked: string[] = [];
		const lock = createWebLock({ request: (name, callback) => (asked.push(name), callback()) });
		expect(await lock.run('wardline-sync', async () => 7)).toBe(7);
		expect(asked).toEqual(['wardline-sync']);
	});
});

// navigator.locks must fit createWebLock's parameter (checked by the type checker only).
export const fitsLockManager = (locks: LockManager) => createWebLock(locks);
