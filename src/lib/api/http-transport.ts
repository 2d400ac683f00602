// The sync transport over HTTP: /api/sync and /api/attachments through the one request module,
// whose failures are already sorted into offline / auth / retryable / fatal for the engine.
import {
	PullResponse,
	PushResponse,
	VisibleResponse,
	type PushRequest
} from '../domain/sync-protocol.ts';
import type { SyncTransport } from '../sync/types.ts';
import {
	createRequest,
	jsonBody,
	unreachableMessage,
	type RequestOptions,
	type Wording
} from './request.ts';

/** The sync bar shows these; a server's own sentence wins where it sent one. */
const syncWording: Wording = {
	offline: unreachableMessage,
	failed: (response, said) =>
		said ??
		`The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`,
	notJson: 'The server sent an answer Wardline cannot read.',
	unreadable: 'The server sent an answer in a form Wardline does not know.'
};

export function createHttpTransport(options: Omit<RequestOptions, 'wording'> = {}): SyncTransport {
	const request = createRequest({ ...options, wording: syncWording });
	return {
		push: (req: PushRequest) => request('/api/sync/push', jsonBody('POST', req), PushResponse),

		pull(since: number, limit: number, epoch?: string) {
			const query = new URLSearchParams({ since: String(since), limit: String(limit) });
			if (epoch !== undefined) query.set('epoch', epoch);
			return request(`/api/sync/pull?${query}`, { method: 'GET' }, PullResponse);
		},

		visible: () => request('/api/sync/visible', { method: 'GET' }, VisibleResponse),

		putAttachment: (id: string, blob: Blob, type: string, sha256: string) =>
			request(
				`/api/attachments/${encodeURIComponent(id)}`,
				{
					method: 'PUT',
					headers: { 'content-type': type, 'x-content-sha256': sha256 },
					body: blob
				},
				null
			)
	};
}
