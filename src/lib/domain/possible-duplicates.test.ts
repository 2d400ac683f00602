import { describe, expect, it } from 'vitest';
import { duplicateMatch, type DuplicateCandidate } from './possible-duplicates.ts';

const now = new Date('2026-03-02T09:00:00Z');
const base: DuplicateCandidate = {
	categoryId: 'cat-pothole',
	status: 'routed',
	createdAt: '2026-02-20T09:00:00Z',
	address: '12 Warwick Road, Carlisle',
	postcode: 'CA1 1AA',
	lat: 54.89,
	lng: -2.93
};

describe('possibly the same problem', () => {
	it('is within 50 m when both have a pin, whatever the street', () => {
		const probe = { categoryId: 'cat-pothole', address: 'Other Place', lat: 54.8903, lng: -2.93 };
		expect(duplicateMatch(probe, base, now)).toEqual({ reason: 'nearby', metres: 33 });
		expect(duplicateMatch({ ...probe, lat: 54.8905 }, base, now)).toBeNull();
	});

	it('is on the same street however the number and spelling go, or at the same postcode', () => {
		const probe = { categoryId: 'cat-pothole', address: 'outside 40 warwick rd' };
		expect(duplicateMatch(probe, base, now)).toEqual({ reason: 'street' });
		expect(
			duplicateMatch(
				{ categoryId: 'cat-pothole', address: 'Elsewhere', postcode: 'ca11aa' },
				base,
				now
			)
		).toEqual({ reason: 'postcode' });
	});

	it('is never another category, a closed referral, or one older than 30 days', () => {
		const probe = { categoryId: 'cat-pothole', address: '1 Warwick Road' };
		expect(duplicateMatch({ ...probe, categoryId: 'cat-graffiti' }, base, now)).toBeNull();
		expect(duplicateMatch(probe, { ...base, status: 'closed' }, now)).toBeNull();
		expect(duplicateMatch(probe, { ...base, createdAt: '2026-01-30T08:00:00Z' }, now)).toBeNull();
		expect(duplicateMatch(probe, { ...base, createdAt: '2026-01-31T10:00:00Z' }, now)).toEqual({
			reason: 'street'
		});
	});
});
