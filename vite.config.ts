// Builds the SPA and its Workbox service worker; in dev, proxies /api to the Wardline server.
import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vite';
import { precompress } from './scripts/precompress.mjs';

export default defineConfig({
	plugins: [
		sveltekit(),
		SvelteKitPWA({
			// "prompt": a new version waits until the Member chooses "Update now".
			registerType: 'prompt',
			injectRegister: false,
			strategies: 'generateSW',
			kit: { adapterFallback: '200.html', spa: true },
			manifest: {
				name: 'Wardline',
				short_name: 'Wardline',
				description: 'Capture and follow residents’ referrals, online or not.',
				start_url: '/',
				scope: '/',
				display: 'standalone',
				orientation: 'any',
				background_color: '#ffffff',
				theme_color: '#1d4f6e',
				icons: [
					{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
					{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
					{
						src: '/icons/icon-maskable-512.png',
						sizes: '512x512',
						type: 'image/png',
						purpose: 'maskable'
					}
				]
			},
			workbox: {
				globPatterns: [
					'client/**/*.{js,css,ico,png,svg,webp,webmanifest}',
					'prerendered/**/*.html'
				],
				navigateFallbackDenylist: [/^\/api\//, /^\/open311\//],
				// The page owns the outbox; the worker only wakes it for Background Sync (see static/sw-sync.js).
				importScripts: ['/sw-sync.js'],
				cleanupOutdatedCaches: true
			},
			devOptions: { enabled: false }
		}),
		// Last: brotli and gzip copies of build/ once everything above has written it (issue 17).
		precompress('build')
	],
	server: {
		proxy: { '/api': 'http://localhost:3000', '/open311': 'http://localhost:3000' }
	}
});
