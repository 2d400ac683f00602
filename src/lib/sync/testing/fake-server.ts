// Test double: an in-memory Wardline server behind the SyncTransport interface. It keeps the same
// contract as the real one (sync-server-contract.ts runs against both): a create is referenced and
// routed at once, every other change is decided by the domain's rule, and each mutation id is
// applied once. It can be told to fail, lose answers or answer twice.
import { applyChange, parseChange, type ReferralPatch } from '../../domain/mutations.ts';
import {
	CreateReferral,
	type CreateReferralInput,
	type ServerReferral,
	type TimelineKind
} from '../../domain/referral.ts';
import {
	referralMissing,
	referralMissingReason,
	type Mutation,
	type MutationResult,
	type PullResponse,
	type PushRequest,
	type PushResponse,
	type VisibleResponse
} from '../../domain/sync-protocol.ts';
import { describeError } from '../../domain/validation.ts';
import { addWorkingDays } from '../../domain/working-days.ts';
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

/** The wards, categories and Business Units the fake knows (those of the tablet's test fixtures). */
export const fakeDirectory = {
	wards: ['ward-headingley', 'ward-hyde-park'],
	categories: { 'cat-potholes': 'unit-highways', 'cat-fly-tipping': 'unit-waste' } as Record<
		string,
		string
	>,
	units: {
		'unit-highways': { name: 'Highways', targetDays: 10 },
		'unit-waste': { name: 'Waste', targetDays: 5 }
	} as Record<string, { name: string; targetDays: number }>
};

export const fakeMemberId = 'member-1';

/** A `create` payload the fake takes, as the tablet's form would hand it over (before parsing). */
export function fakeCreatePayload(
	overrides: Partial<CreateReferralInput> = {}
): CreateReferralInput {
	return {
		wardId: 'ward-headingley',
		categoryId: 'cat-potholes',
		channel: 'surgery',
		urgency: 'routine',
		description: 'Deep pothole outside the school gates',
		location: { address: '12 Otley Road', postcode: 'LS6 3AA' },
		resident: { name: 'Ada Lovelace', phone: '0113 496 0000', preferredContact: 'phone' },
		capturedAt: '2026-03-02T09:00:00.000Z',
		...overrides
	};
}

export class FakeServer implements SyncTransport {
	readonly referrals = new Map<string, Row>();
	readonly processed = new Map<string, { userId: string; result: MutationResult }>();
	readonly attachments = new Map<string, { size: number; sha256: string }>();
	/** How many times each referral's create was applied: exactly once is the whole point. */
	readonly createsApplied = new Map<string, number>();
	/** Every request in arrival order, e.g. "photo:<id>", "create:<referralId>". */
	readonly log: string[] = [];
	/** Referrals no one may see any longer (passed to another unit, say): neither pulled nor listed. */
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

	constructor(private readonly userId = fakeMemberId) {}

	/** The same server as another Member's tablet sees it. */
	as(userId: string): SyncTransport {
		return {
			push: (req) => this.pushAs(userId, req),
			pull: (since, limit) => this.pullAs(userId, since, limit),
			visible: () => this.visibleAs(userId),
			putAttachment: (id, blob, type, sha256) => this.putAttachment(id, blob, type, sha256)
		};
	}

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
		return this.pushAs(this.userId, req);
	}

	pull(since: number, limit: number): Promise<TransportResult<PullResponse>> {
		return this.pullAs(this.userId, since, limit);
	}

	visible(): Promise<TransportResult<VisibleResponse>> {
		return this.visibleAs(this.userId);
	}

	private pushAs(userId: string, req: PushRequest): Promise<TransportResult<PushResponse>> {
		return this.enter(() => {
			const fault = this.nextFault();
			const early = fault && this.failure(fault);
			if (early) return early;
			let results = req.mutations.map((m) => this.apply(userId, m));
			if (fault === 'duplicate') results = req.mutations.map((m) => this.apply(userId, m));
			if (fault === 'lost') return { ok: false, kind: 'offline', message: 'Answer lost' };
			if (fault === 'partial') results = results.slice(0, -1);
			return { ok: true, value: { results } };
		});
	}

	private pullAs(
		userId: string,
		since: number,
		limit: number
	): Promise<TransportResult<PullResponse>> {
		return this.enter(() => {
			const fault = this.nextFault();
			const early = fault && this.failure(fault);
			if (early) return early;
			const changed = this.shownTo(userId)
				.filter((r) => r.changeNo > since)
				.sort((a, b) => a.changeNo - b.changeNo);
			const page = changed.slice(0, limit);
			const more = changed.length > limit;
			// With nothing more to send, jump to the newest change, as the real server does.
			const cursor = more ? page[page.length - 1].changeNo : Math.max(since, this.changeNo);
			if (fault === 'lost') return { ok: false, kind: 'offline', message: 'Answer lost' };
			return {
				ok: true,
				value: {
					referrals: page.map(({ changeNo: _, ...row }) => structuredClone(row)),
					cursor,
					more
				}
			};
		});
	}

	private visibleAs(userId: string): Promise<TransportResult<VisibleResponse>> {
		return this.enter(() => {
			this.visibleCalls += 1;
			const fault = this.nextFault();
			const early = fault && this.failure(fault);
			if (early) return early;
			if (fault === 'lost') return { ok: false, kind: 'offline', message: 'Answer lost' };
			return {
				ok: true,
				value: {
					ids: this.shownTo(userId)
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

	/** Takes a referral out of everyone's sight (as passing it to another unit would for an officer). */
	hide(referralId: string): void {
		this.row(referralId);
		this.hidden.add(referralId);
	}

	private shownTo(userId: string): Row[] {
		return [...this.referrals.values()].filter(
			(r) => r.ownerId === userId && !this.hidden.has(r.id)
		);
	}

	private row(referralId: string): Row {
		const row = this.referrals.get(referralId);
		if (!row) throw new Error(`No referral ${referralId}`);
		return row;
	}

	/** Moves a referral on the server side (as a service officer would), stamping respondedAt. */
	setStatus(referralId: string, status: ServerReferral['status']): void {
		const row = this.row(referralId);
		const at = this.stamp(this.changeNo + 1);
		this.touch(row, status === 'responded' ? { status, respondedAt: at } : { status });
	}

	/** The service team's answer: the referral is responded, with the answer on its timeline. */
	respond(referralId: string, text: string): void {
		const row = this.row(referralId);
		const at = this.stamp(this.changeNo + 1);
		this.touch(row, {
			status: 'responded',
			respondedAt: at,
			timeline: [
				...row.timeline,
				{ id: `response-${this.changeNo + 1}`, at, kind: 'response', by: 'Highways', text }
			]
		});
	}

	private stamp(changeNo: number): string {
		return new Date(Date.UTC(2026, 2, 2, 9, 0, changeNo)).toISOString();
	}

	private touch(row: Row, patch: Partial<ServerReferral>): void {
		this.changeNo += 1;
		Object.assign(row, patch, { changeNo: this.changeNo, updatedAt: this.stamp(this.changeNo) });
	}

	private nameOf(userId: string): string {
		return userId === fakeMemberId ? 'Cllr Test' : userId;
	}

	private apply(userId: string, mutation: Mutation): MutationResult {
		const seen = this.processed.get(mutation.id);
		if (seen) {
			if (seen.userId !== userId)
				return { id: mutation.id, status: 'rejected', reason: 'This change id was already used' };
			const row = seen.result.referral && this.referrals.get(seen.result.referral.id);
			return { ...seen.result, status: 'duplicate', referral: row ? summary(row) : undefined };
		}
		this.log.push(`${mutation.kind}:${mutation.referralId}`);
		const outcome = this.decide(userId, mutation);
		if (typeof outcome === 'string')
			// Not remembered, as on the real server: a resend may well succeed.
			return {
				id: mutation.id,
				status: 'rejected',
				reason: outcome,
				...(outcome === referralMissingReason ? { code: referralMissing } : {})
			};
		const result: MutationResult = {
			id: mutation.id,
			status: outcome.duplicate ? 'duplicate' : 'applied',
			referral: summary(outcome.row)
		};
		this.processed.set(mutation.id, { userId, result: { ...result, status: 'applied' } });
		return result;
	}

	/** The applied row, or the reason for refusing. */
	private decide(userId: string, mutation: Mutation): { row: Row; duplicate?: true } | string {
		if (mutation.kind === 'create') return this.create(userId, mutation);
		const parsed = parseChange(mutation.kind, mutation.payload);
		if (!parsed.success) return describeError(parsed.error);
		const row = this.referrals.get(mutation.referralId);
		if (!row) return referralMissingReason;
		if (row.ownerId !== userId) return 'You cannot change this referral';
		const outcome = applyChange(row, parsed.change, mutation.createdAt);
		if (!outcome.ok) return outcome.reason;
		const timeline = outcome.note
			? [...row.timeline, this.entry(mutation, userId, outcome.note.kind, outcome.note.text)]
			: row.timeline;
		this.touch(row, { ...serverFields(outcome.patch), timeline });
		return { row };
	}

	private entry(mutation: Mutation, userId: string, kind: TimelineKind, text: string) {
		return { id: mutation.id, at: mutation.createdAt, kind, by: this.nameOf(userId), text };
	}

	private create(userId: string, mutation: Mutation): { row: Row; duplicate?: true } | string {
		const parsed = CreateReferral.safeParse(mutation.payload);
		if (!parsed.success) return describeError(parsed.error);
		const p = parsed.data;
		const existing = this.referrals.get(mutation.referralId);
		if (existing) {
			// The same referral sent again under a new mutation id (e.g. the outbox was rebuilt).
			if (existing.ownerId === userId) return { row: existing, duplicate: true };
			return 'This referral id is already in use';
		}
		if (p.onBehalfOf !== undefined && p.onBehalfOf !== userId)
			return 'Members cannot capture on behalf of another Member';
		if (!fakeDirectory.wards.includes(p.wardId)) return 'Unknown ward';
		const unitId = fakeDirectory.categories[p.categoryId];
		if (!unitId) return 'Unknown category';
		const unit = fakeDirectory.units[unitId];
		const photoIds = [...new Set(p.photoIds ?? [])];
		if (photoIds.some((id) => !this.attachments.has(id)))
			return 'A photo has not arrived yet; it will be sent again';
		this.referenceNo += 1;
		const at = mutation.createdAt;
		const row: Row = {
			id: mutation.referralId,
			reference: `CR-2026-${String(this.referenceNo).padStart(5, '0')}`,
			ownerId: userId,
			ownerName: this.nameOf(userId),
			createdById: userId,
			wardId: p.wardId,
			categoryId: p.categoryId,
			unitId,
			channel: p.channel,
			urgency: p.urgency,
			status: 'routed',
			description: p.description,
			location: p.location,
			resident: { ...p.resident, consentToShare: p.resident.consentToShare ?? false },
			photoIds,
			capturedAt: p.capturedAt,
			createdAt: at,
			updatedAt: at,
			dueAt: addWorkingDays(new Date(at), unit.targetDays).toISOString(),
			respondedAt: null,
			residentToldAt: null,
			rating: null,
			timeline: [
				this.entry(mutation, userId, 'created', 'Referral created'),
				{
					id: `${mutation.id}-routed`,
					at,
					kind: 'routed',
					by: 'Wardline',
					text: `Sent to ${unit.name}`
				}
			],
			changeNo: 0
		};
		this.createsApplied.set(row.id, (this.createsApplied.get(row.id) ?? 0) + 1);
		this.referrals.set(row.id, row);
		this.touch(row, {});
		return { row };
	}
}

function summary(row: Row): NonNullable<MutationResult['referral']> {
	return { id: row.id, reference: row.reference, status: row.status };
}

/** The domain's patch in the API's shape (ratingComment is not sent to tablets). */
function serverFields({
	ratingComment: _,
	resident,
	...fields
}: ReferralPatch): Partial<ServerReferral> {
	return resident
		? { ...fields, resident: { ...resident, consentToShare: resident.consentToShare ?? false } }
		: fields;
}
