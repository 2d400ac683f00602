// What the server's areas answer when a request cannot be done: a value with a reason a person
// can act on, never an HTTP status. Only server/http/outcome.ts turns a refusal into a response.

/**
 * invalid: the input does not make sense here; not_found: it names nothing there is;
 * duplicate: a name already taken; refused: a rule forbids it now; forbidden_move: the status
 * machine does not allow the move.
 */
export type RefusalKind = 'invalid' | 'not_found' | 'duplicate' | 'refused' | 'forbidden_move';

export interface Refusal {
	kind: RefusalKind;
	reason: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

export const done = <T>(value: T): Outcome<T> => ({ ok: true, value });

export const refused = (kind: RefusalKind, reason: string): Outcome<never> => ({
	ok: false,
	refusal: { kind, reason }
});

// Thrown by refuse() only to roll back a transaction; settle() turns it back into a value.
class Refused extends Error {
	constructor(readonly refusal: Refusal) {
		super(refusal.reason);
	}
}

/** Stops the work inside settle() (rolling back its transaction) with this refusal. */
export function refuse(kind: RefusalKind, reason: string): never {
	throw new Refused({ kind, reason });
}

/** Runs `work`; a refuse() inside it becomes a refused outcome. Anything else still throws. */
export function settle<T>(work: () => T): Outcome<T> {
	try {
		return done(work());
	} catch (error) {
		if (error instanceof Refused) return { ok: false, refusal: error.refusal };
		throw error;
	}
}
