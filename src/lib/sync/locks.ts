// Locks for "one sync at a time": Web Locks across the tabs of a browser, or in memory
// (tests, and browsers without navigator.locks, where it still serialises within the tab).
import type { Lock } from './types.ts';

/** The part of the Web Locks API we use (navigator.locks), passed in so this stays window-free. */
export interface LockManagerLike {
	request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export function createWebLock(locks: LockManagerLike): Lock {
	return { run: (name, fn) => locks.request(name, fn) };
}

export function createMemoryLock(): Lock {
	const tails = new Map<string, Promise<unknown>>();
	return {
		run<T>(name: string, fn: () => Promise<T>): Promise<T> {
			const previous = tails.get(name) ?? Promise.resolve();
			const result = previous.then(fn, fn);
			const tail = result.then(
				() => undefined,
				() => undefined
			);
			tails.set(name, tail);
			void tail.then(() => {
				if (tails.get(name) === tail) tails.delete(name);
			});
			return result;
		}
	};
}
