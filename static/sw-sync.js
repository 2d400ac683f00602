// Background Sync (Chrome): when the browser says the network is back, wake any open Wardline
// page to run its sync. The outbox and its encryption key live in the page, never in the worker.
self.addEventListener('sync', (event) => {
	if (event.tag !== 'wardline-sync') return;
	event.waitUntil(
		self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((clients) => {
			for (const client of clients) client.postMessage({ type: 'wardline-sync' });
		})
	);
});
