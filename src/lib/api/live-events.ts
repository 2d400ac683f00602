// The browser's side of GET /api/live: an EventSource, closed at its first error so that the
// live trigger (not the browser's own endless retry) decides when to try again.
import type { LiveConnector, LiveEventKind } from '../sync/live-trigger.ts';

const kinds: LiveEventKind[] = ['ready', 'change', 'ping'];

export function eventSourceConnector(url = '/api/live'): LiveConnector {
	return {
		open({ onEvent, onError }) {
			const source = new EventSource(url);
			for (const kind of kinds) source.addEventListener(kind, () => onEvent(kind));
			source.onerror = () => {
				source.close();
				onError();
			};
			return { close: () => source.close() };
		}
	};
}
