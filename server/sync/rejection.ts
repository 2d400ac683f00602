// A mutation that cannot be applied is an expected outcome with a reason for the Member; it is
// thrown only to roll back its transaction, and caught by the push loop straight away.
export class MutationRejected extends Error {}

export function reject(reason: string): never {
	throw new MutationRejected(reason);
}

export interface AppliedOutcome {
	status: 'applied' | 'duplicate';
	referral: { id: string; reference: string; status: string };
}
