// For work the first screen does not need (the sync engine, the service worker's registration):
// start it once the browser has painted, so it does not compete with what the Member sees first.

/** Resolves after the next frame is painted, or after 200 ms when the page is hidden (no frames). */
export function afterFirstPaint(): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(resolve, 200);
		requestAnimationFrame(() =>
			setTimeout(() => {
				clearTimeout(timer);
				resolve();
			}, 0)
		);
	});
}

/** Runs `work` when the browser is idle (Safari has no requestIdleCallback: after a second). */
export function whenIdle(work: () => void): void {
	if ('requestIdleCallback' in globalThis) requestIdleCallback(work, { timeout: 5000 });
	else setTimeout(work, 1000);
}
