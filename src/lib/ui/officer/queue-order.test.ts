import { describe, expect, it } from 'vitest';
import { queueOrder } from './queue-order.ts';

describe('queue order', () => {
	it('puts overdue referrals first, most overdue on top, then the newest', () => {
		const now = new Date('2026-11-23T12:00:00Z');
		const rows = [
			{
				id: 'new',
				status: 'routed',
				dueAt: '2026-12-01T00:00:00Z',
				createdAt: '2026-11-22T00:00:00Z'
			},
			{
				id: 'old',
				status: 'routed',
				dueAt: '2026-11-30T00:00:00Z',
				createdAt: '2026-11-01T00:00:00Z'
			},
			{
				id: 'late',
				status: 'in_progress',
				dueAt: '2026-11-20T00:00:00Z',
				createdAt: '2026-11-02T00:00:00Z'
			},
			{
				id: 'later',
				status: 'routed',
				dueAt: '2026-11-10T00:00:00Z',
				createdAt: '2026-11-03T00:00:00Z'
			},
			{
				id: 'answered',
				status: 'responded',
				dueAt: '2026-11-01T00:00:00Z',
				createdAt: '2026-11-04T00:00:00Z'
			}
		] as const;
		expect(queueOrder([...rows], now).map((r) => r.id)).toEqual([
			'later',
			'late',
			'new',
			'answered',
			'old'
		]);
	});
});
