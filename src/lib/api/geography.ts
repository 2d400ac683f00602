// The council's geography for the tablet's copy (GET /api/geography, /boundaries, /postcodes),
// and "possibly the same problem" (GET /api/possible-duplicates).
import { BoundariesResponse, GeographySummary, PostcodesResponse } from '../domain/geography.ts';
import { PossibleDuplicatesResponse, type DuplicateProbe } from '../domain/possible-duplicates.ts';
import { request } from './request.ts';

const get = { method: 'GET' } as const;

export const fetchGeographySummary = () => request('/api/geography', get, GeographySummary);
export const fetchBoundaries = () => request('/api/geography/boundaries', get, BoundariesResponse);
export const fetchPostcodes = () => request('/api/geography/postcodes', get, PostcodesResponse);

export function fetchPossibleDuplicates(probe: DuplicateProbe) {
	const params = new URLSearchParams({ categoryId: probe.categoryId });
	if (probe.address?.trim()) params.set('address', probe.address.trim());
	if (probe.postcode?.trim()) params.set('postcode', probe.postcode.trim());
	if (typeof probe.lat === 'number' && typeof probe.lng === 'number') {
		params.set('lat', String(probe.lat));
		params.set('lng', String(probe.lng));
	}
	return request(`/api/possible-duplicates?${params}`, get, PossibleDuplicatesResponse);
}

export const fetchReferralDuplicates = (referralId: string) =>
	request(
		`/api/possible-duplicates/${encodeURIComponent(referralId)}`,
		get,
		PossibleDuplicatesResponse
	);
