// Wards, categories and Business Units for the capture form (GET /api/reference).
import { ReferenceData } from '../domain/sync-protocol.ts';
import { apiCall } from './client.ts';

export const fetchReference = () => apiCall('/api/reference', { method: 'GET' }, ReferenceData);
