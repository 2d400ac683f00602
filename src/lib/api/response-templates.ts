// A unit's response templates: listed in the answer form, kept on the templates page.
import {
	ResponseTemplate,
	ResponseTemplateList,
	type ResponseTemplateInput,
	type ResponseTemplatePatch
} from '../domain/response-templates.ts';
import { jsonBody, request } from './request.ts';

export const listTemplates = (unitId: string) =>
	request(
		`/api/response-templates?unitId=${encodeURIComponent(unitId)}`,
		{ method: 'GET' },
		ResponseTemplateList
	);

export const addTemplate = (input: ResponseTemplateInput) =>
	request('/api/response-templates', jsonBody('POST', input), ResponseTemplate);

export const changeTemplate = (id: string, patch: ResponseTemplatePatch) =>
	request(
		`/api/response-templates/${encodeURIComponent(id)}`,
		jsonBody('PATCH', patch),
		ResponseTemplate
	);

export const removeTemplate = (id: string) =>
	request(`/api/response-templates/${encodeURIComponent(id)}`, { method: 'DELETE' }, null);
