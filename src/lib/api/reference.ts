// Wards, categories and Business Units for the capture form (GET /api/reference).
import { ReferenceData } from '../domain/sync-protocol.ts';
import { request } from './request.ts';

export const fetchReference = () => request('/api/reference', { method: 'GET' }, ReferenceData);
