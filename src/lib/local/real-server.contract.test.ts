// The real server keeps the sync server contract: the app over a temporary SQLite file, reached
// the way a tablet reaches it, through the HTTP transport (app.request(), no port opened).
import { createPayload, createTestServer } from '../../../server/testing/test-server.ts';
import { createHttpTransport } from '../api/http-transport.ts';
import { describeSyncServerContract } from '../sync/testing/sync-server-contract.ts';

async function ok(response: Response | Promise<Response>): Promise<void> {
	const answer = await response;
	if (!answer.ok) throw new Error(`${answer.status}: ${await answer.text()}`);
}

describeSyncServerContract('the real server through HTTP', async () => {
	const server = createTestServer();
	const [ahmed, brown, officer] = await Promise.all(
		['cllr.ahmed', 'cllr.brown', 'officer.highways'].map((name) => server.login(name))
	);
	const asOfficer = (path: string, json: unknown) =>
		ok(server.request(path, { method: 'POST', cookie: officer, json }));
	return {
		member: createHttpTransport({ fetch: server.fetchAs(ahmed) }),
		otherMember: createHttpTransport({ fetch: server.fetchAs(brown) }),
		createPayload,
		unknownCategoryId: 'cat-dragons',
		answer: (id, text) => asOfficer(`/api/referrals/${id}/responses`, { text }),
		close: (id) => asOfficer(`/api/referrals/${id}/status`, { status: 'closed' }),
		unroute: async (id) => {
			server.sqlite.prepare("update referrals set status = 'submitted' where id = ?").run(id);
		},
		dispose: () => server.close()
	};
});
