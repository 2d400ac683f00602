// The service worker's life cycle as the Member sees it: "offline ready" and "Update now".
// A waiting new version never takes over by itself, so nobody loses a half-filled form.
import { registerSW } from 'virtual:pwa-register';
import { afterFirstPaint } from './after-paint.ts';

class Pwa {
	updateAvailable = $state(false);
	offlineReady = $state(false);
	private update: ((reload?: boolean) => Promise<void>) | null = null;

	private started = false;

	/** Registers the service worker once the first screen is painted (it precaches the app). */
	start(): void {
		if (this.started || !('serviceWorker' in navigator)) return;
		this.started = true;
		void afterFirstPaint().then(() => this.register());
	}

	private register(): void {
		this.update = registerSW({
			immediate: true,
			onNeedRefresh: () => {
				this.updateAvailable = true;
			},
			onOfflineReady: () => {
				this.offlineReady = true;
			},
			onRegisteredSW: (_url, registration) => {
				// Look for a new version hourly while the app stays open on a tablet.
				if (registration) setInterval(() => void registration.update(), 60 * 60 * 1000);
			}
		});
	}

	async applyUpdate(): Promise<void> {
		await this.update?.(true);
	}
}

export const pwa = new Pwa();
