// Test double: an in-memory Wardline server behind the SyncTransport interface. It applies
// mutations idempotently like the real one, and can be told to fail, lose answers or answer twice.
import { CreateReferral, type ServerReferral } from '../../domain/referral.ts';
import { checkMove } from '../../domain/status-machine.ts';
import type {
	Mutation,
	MutationResult,
	PullResponse,
	PushRequest,
	PushResponse,
	VisibleResponse
} from '../../domain/sync-protocol.ts';
import type { SyncTransport, TransportResult } from '../types.ts';

/** What happens to the next request: `lost` = applied, but the answer never arrives; `none` = all well. */
export type Fault =
	| 'none'
	| 'offline'
	| 'lost'
	| 'duplicate'
	| 'partial'
	| 'server-error'
	| 'unauthorised'
	| 'bad-request';

type Row = ServerReferral & { changeNo: number };

export class FakeServer implements SyncTransport {
	readonly referrals = new Map<string, Row>();
	readonly processed = new Map<string, MutationResult>();
	readonly attachments = new Map<string, { size: number; sha256: string }>();
	/** How many times each referral's create was applied: exactly once is the whole point. */
	readonly createsApplied = new Map<string, number>();
	/** Every request in arrival order, e.g. "photo:<id>", "create:<referralId>". */
	readonly log: string[] = [];
	/** Referrals this user may no longer see (passed to another unit, say): neither pulled nor listed. */
	readonly hidden = new Set<string>();
	/** How many times visible() was asked. */
	visibleCalls = 0;
	faults: Fault[] = [];
	/** Requests in flight right now, and the most ever seen at once. */
	inFlight = 0;
	maxInFlight = 0;
	/** Await this inside each request so tests can interleave callers. */
	delay: () => Promise<void> = () => Promise.resolve();
	private changeNo = 0;
	private referenceNo = 0;

	constructor(private readonly userId = 'member-1') {}

	private nextFault(): Fault | undefined {
		return this.faults.shift();
	}

	private async enter<T>(handle: () => TransportResult<T>): Promise<TransportResult<T>> {
		this.inFlight += 1;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		try {
			await this.delay();
			return handle();
		} finally {
			this.inFlight -= 1;
		}
	}

	private failure(fault: Fault): TransportResult<never> | null {
		if (fault === 'offline') return { ok: false, kind: 'offline', message: 'Network down' };
		if (fault === 'server-error')
			return { ok: false, kind: 'retryable', status: 503, message: 'Service unavailable' };
		if (fault === 'unauthorised')
			return { ok: false, kind: 'auth', status: 401, message: 'Sign in again' };
		if (fault === 'bad-request')
			return { ok: false, kind: 'fatal', status: 400, message: 'Bad request' };
		return null;
	}

	push(req: PushRequest): Promise<TransportResult<PushResponse>> {
		return this.enter(() => {
			const fault = this.nextFault();
			const early = fault && this.failure(fault);
			if (early) return early;
			let results = req.mutations.map((m) => this.apply(m));
			if (fault === 'duplicate') results = req.mutations.map((m) => this.apply(m));
			if (fault === 'lost') return { ok: false, kind: 'offline', message: 'Answer lost' };
			if (fault === 'partial') results = results.slice(0, -1);
			return { ok: true, value: { results } };
		});
	}

	pull(since: number, limit: number): Promise<TransportResult<PullResponse>> {
		return this.enter(() => {
			const fault = this.nextFault();
			const early = fault && this.failure(fault);
			if (early) return early;
			const changed = this.shown()
				.filter((r) => r.changeNo > since)
				.sort((a, b) => a.changeNo - b.changeNo);
			const page = changed.slice(0, limit);
			const cursor = page.length > 0 ? page[page.length - 1].changeNo : Math.max(since, 0);
			if (fault === 'lost') return { ok: false, kind: 'offline', message: 'Answer lost' };
			return {
				ok: true,
				value: {
					referrals: page.map(({ changeNo: _, ...row }) => structuredClone(row)),
					cursor,
					more: changed.length > limit
				}
			};
		});
	}

	visible(): Promise<TransportResult<VisibleResponse>> {
		return this.enter(() => {
			this.visibleCalls += 1;
			const fault = this.nextFault();
			const early = fault && this.failure(fault);
			if (early) return early;
			if (fault === 'lost') return { ok: false, kind: 'offline', message: 'Answer lost' };
			return {
				ok: true,
				value: {
					ids: this.shown()
						.map((r) => r.id)
						.sort()
				}
			};
		});
	}

	putAttachment(
		id: string,
		blob: Blob,
		_type: string,
		sha256: string
	): Promise<TransportResult<unknown>> {
		return this.enter(() => {
			const fault = this.nextFault();
			const early = fault && this.failure(fault);
			if (early) return early;
			this.log.push(`photo:${id}`);
			this.attachments.set(id, { size: blob.size, sha256 });
			if (fault === 'lost') return { ok: false, kind: 'offline', message: 'Answer lost' };
			return { ok: true, value: null };
		});
	}

	/** Takes a referral out of this user's sight (as passing it to another unit would). */
	hide(referralId: string): void {
		if (!this.referrals.has(referralId)) throw new Error(`No referral ${referralId}`);
		this.hidden.add(referralId);
	}

	private shown(): Row[] {
		return [...this.referrals.values()].filter((r) => !this.hidden.has(r.id));
	}

	/** Moves a referral on the server side (as a service officer would). */
	setStatus(referralId: string, status: ServerReferral['status']): void {
		const row = this.referrals.get(referralId);
		if (!row) throw new Error(`No referral ${referralId}`);
		this.touch(row, { status });
	}

	private touch(row: Row, patch: Partial<ServerReferral>): void {
		this.changeNo += 1;
		Object.assign(row, patch, {
			changeNo: this.changeNo,
			updatedAt: new Date(Date.UTC(2026, 2, 2, 9, 0, this.changeNo)).toISOString()
		});
	}

	private apply(mutation: Mutation): MutationResult {
		const seen = this.processed.get(mutation.id);
		if (seen) return seen.status === 'rejected' ? seen : { ...seen, status: 'duplicate' };
		this.log.push(`${mutation.kind}:${mutation.referralId}`);
		const outcome = this.decide(mutation);
		const result: MutationResult =
			typeof outcome === 'string'
				? { id: mutation.id, status: 'rejected', reason: outcome }
				: {
						id: mutation.id,
						status: 'applied',
						referral: { id: outcome.id, reference: outcome.reference, status: outcome.status }
					};
		this.processed.set(mutation.id, result);
		return result;
	}

	/** The applied row, or the reason for refusing. */
	private decide(mutation: Mutation): Row | string {
		if (mutation.kind === 'create') {
			const parsed = CreateReferral.safeParse(mutation.payload);
			if (!parsed.success) return 'The referral is not complete.';
			const p = parsed.data;
			if (p.categoryId === 'unknown-category') return 'Wardline does not know that category.';
			const missing = (p.photoIds ?? []).filter((id) => !this.attachments.has(id));
			if (missing.length > 0) return `Photo ${missing[0]} has not arrived.`;
			if (this.referrals.has(mutation.referralId)) return 'A referral with this id already exists.';
			this.referenceNo += 1;
			const row: Row = {
				id: mutation.referralId,
				reference: `CR-2026-${String(this.referenceNo).padStart(5, '0')}`,
				ownerId: this.userId,
				ownerName: 'Cllr Test',
				createdById: this.userId,
				wardId: p.wardId,
				categoryId: p.categoryId,
				unitId: 'unit-highways',
				channel: p.channel,
				urgency: p.urgency,
				status: 'submitted',
				description: p.description,
				location: p.location,
				resident: { ...p.resident, consentToShare: p.resident.consentToShare ?? false },
				photoIds: p.photoIds ?? [],
				capturedAt: p.capturedAt,
				createdAt: mutation.createdAt,
				updatedAt: mutation.createdAt,
				dueAt: null,
				respondedAt: null,
				residentToldAt: null,
				rating: null,
				timeline: [
					{
						id: `${mutation.id}`,
						at: mutation.createdAt,
						kind: 'created',
						by: 'Cllr Test',
						text: 'Referral created'
					}
				],
				changeNo: 0
			};
			this.createsApplied.set(row.id, (this.createsApplied.get(row.id) ?? 0) + 1);
			this.referrals.set(row.id, row);
			this.touch(row, {});
			return row;
		}
		const row = this.referrals.get(mutation.referralId);
		if (!row) return 'This referral has not reached the council yet.';
		const payload = mutation.payload as Record<string, unknown>;
		const entry = (kind: ServerReferral['timeline'][number]['kind'], text: string) => ({
			id: mutation.id,
			at: mutation.createdAt,
			kind,
			by: 'Cllr Test',
			text
		});
		switch (mutation.kind) {
			case 'comment':
				this.touch(row, { timeline: [...row.timeline, entry('comment', String(payload.text))] });
				return row;
			case 'residentTold':
				this.touch(row, { residentToldAt: mutation.createdAt });
				return row;
			case 'rate':
				this.touch(row, { rating: Number(payload.score) });
				return row;
			case 'reopen': {
				const move = checkMove(row.status, 'reopened');
				if (!move.ok) return move.reason;
				this.touch(row, {
					status: 'reopened',
					timeline: [...row.timeline, entry('reopened', String(payload.reason))]
				});
				return row;
			}
			case 'edit':
				if (row.status !== 'submitted')
					return 'The service team has this referral now; add a note instead.';
				this.touch(row, { ...(payload as Partial<ServerReferral>) });
				return row;
		}
	}
}
