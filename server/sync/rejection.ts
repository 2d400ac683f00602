// A mutation that cannot be applied is an expected outcome with a reason for the Member; it is
// thrown only to roll back its transaction, and caught by the push loop straight away.
export class MutationRejected extends Error {
	constructor(
		reason: string,
		/** For the tablet, where it acts on the kind of refusal (sync-protocol.ts). */
		readonly code?: string
	) {
		super(reason);
	}
}

export function reject(reason: string, code?: string): never {
	throw new MutationRejected(reason, code);
}

export interface AppliedOutcome {
	status: 'applied' | 'duplicate';
	referral: { id: string; reference: string; status: string };
}
