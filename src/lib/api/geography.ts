// The council's geography for the tablet's copy (GET /api/geography, /boundaries, /postcodes),
// and "possibly the same problem" (GET /api/possible-duplicates).
import { BoundariesResponse, GeographySummary, PostcodesResponse } from '../domain/geography.ts';
import { PossibleDuplicatesResponse, type DuplicateProbe } from '../domain/possible-duplicates.ts';
import { apiCall } from './client.ts';

const get = { method: 'GET' } as const;

export const fetchGeographySummary = () => apiCall('/api/geography', get, GeographySummary);
export const fetchBoundaries = () => apiCall('/api/geography/boundaries', get, BoundariesResponse);
export const fetchPostcodes = () => apiCall('/api/geography/postcodes', get, PostcodesResponse);

export function fetchPossibleDuplicates(probe: DuplicateProbe) {
	const params = new URLSearchParams({ categoryId: probe.categoryId });
	if (probe.address?.trim()) params.set('address', probe.address.trim());
	if (probe.postcode?.trim()) params.set('postcode', probe.postcode.trim());
	if (typeof probe.lat === 'number' && typeof probe.lng === 'number') {
		params.set('lat', String(probe.lat));
		params.set('lng', String(probe.lng));
	}
	return apiCall(`/api/possible-duplicates?${params}`, get, PossibleDuplicatesResponse);
}

export const fetchReferralDuplicates = (referralId: string) =>
	apiCall(
		`/api/possible-duplicates/${encodeURIComponent(referralId)}`,
		get,
		PossibleDuplicatesResponse
	);
