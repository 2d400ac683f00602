import { describe, expect, it } from 'vitest';
import { InsightsQuery, parseQuery, resolvePeriod } from './period.ts';

const now = new Date('2026-03-02T09:00:00.000Z');

describe('the period a query names', () => {
	it('defaults to the 90 days up to today, both ends included', () => {
		expect(resolvePeriod({}, now)).toMatchObject({
			ok: true,
			value: { from: '2025-12-03', to: '2026-03-02', days: 90 }
		});
	});

	it('is refused, with what to do instead, when it ends before it starts or is too long', () => {
		expect(resolvePeriod({ from: '2026-03-02', to: '2026-03-01' }, now)).toEqual({
			ok: false,
			refusal: {
				kind: 'invalid',
				reason: 'The start date (2026-03-02) must be on or before the end date (2026-03-01).'
			}
		});
		expect(resolvePeriod({ from: '1900-01-01', to: '2026-03-01' }, now)).toEqual({
			ok: false,
			refusal: { kind: 'invalid', reason: 'Choose a period of at most 20 years.' }
		});
	});
});

describe('parseQuery', () => {
	it('refuses an unknown parameter by name rather than ignoring it', () => {
		expect(parseQuery(InsightsQuery, { ward: 'ward-castle' })).toEqual({
			ok: false,
			refusal: {
				kind: 'invalid',
				reason: 'Unknown parameter "ward". Use only from, to, wardId, categoryId.'
			}
		});
		expect(parseQuery(InsightsQuery, { wardId: 'ward-castle' })).toEqual({
			ok: true,
			value: { wardId: 'ward-castle' }
		});
	});
});
