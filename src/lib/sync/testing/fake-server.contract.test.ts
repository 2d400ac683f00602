// The fake server keeps the sync server contract, so the engine's tests against it mean something.
import { fakeCreatePayload, FakeServer } from './fake-server.ts';
import { describeSyncServerContract } from './sync-server-contract.ts';

describeSyncServerContract('the fake server', async () => {
	const server = new FakeServer();
	return {
		member: server,
		otherMember: server.as('member-2'),
		createPayload: fakeCreatePayload,
		unknownCategoryId: 'cat-dragons',
		answer: async (id, text) => server.respond(id, text),
		close: async (id) => server.setStatus(id, 'closed'),
		unroute: async (id) => server.setStatus(id, 'submitted'),
		dispose: () => {}
	};
});
