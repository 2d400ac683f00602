// SvelteKit as a single-page app: every page is a prerendered shell, data comes from /api.
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ fallback: '200.html', strict: false }),
		// @vite-pwa/sveltekit generates and registers the service worker (through workbox-window).
		serviceWorker: { register: false },
		// Absolute asset and service-worker URLs: the SPA shell is served at nested paths too.
		paths: { relative: false }
	}
};

export default config;
