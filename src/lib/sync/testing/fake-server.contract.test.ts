// The fake server keeps the sync server contract, so the engine's tests against it mean something.
import type { CreateReferralInput } from '../../domain/referral.ts';
import { FakeServer } from './fake-server.ts';
import { describeSyncServerContract } from './sync-server-contract.ts';

function createPayload(overrides: Partial<CreateReferralInput> = {}): CreateReferralInput {
	return {
		wardId: 'ward-headingley',
		categoryId: 'cat-potholes',
		channel: 'surgery',
		urgency: 'routine',
		description: 'Deep pothole outside the school gates',
		location: { address: '12 Otley Road', postcode: 'LS6 3AA' },
		resident: { name: 'Ada Lovelace', phone: '0113 496 0000', preferredContact: 'phone' },
		capturedAt: '2026-03-02T08:30:00.000Z',
		...overrides
	};
}

describeSyncServerContract('the fake server', async () => {
	const server = new FakeServer();
	return {
		member: server,
		otherMember: server.as('member-2'),
		createPayload,
		unknownCategoryId: 'cat-dragons',
		answer: async (id, text) => server.respond(id, text),
		close: async (id) => server.setStatus(id, 'closed'),
		unroute: async (id) => server.setStatus(id, 'submitted'),
		dispose: () => {}
	};
});
