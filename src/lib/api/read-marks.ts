// PUT /api/read-marks: sends this tablet's new read marks and gets back all of the person's
// marks, so "new answer" follows the person from tablet to tablet.
import { ReadMarksResponse, maxReadMarksPerRequest, type ReadMark } from '../domain/read-marks.ts';
import type { TransportResult } from '../sync/types.ts';
import { appWording, createRequest, jsonBody, type RequestOptions } from './request.ts';

export async function exchangeReadMarks(
	unsent: ReadMark[],
	options: Omit<RequestOptions, 'wording'> = {}
): Promise<TransportResult<ReadMark[]>> {
	const request = createRequest({ ...options, wording: appWording });
	let answer: TransportResult<ReadMarksResponse> = { ok: true, value: { marks: [] } };
	// Always at least one call, so an empty queue still brings the other tablets' marks.
	for (let i = 0; i === 0 || i < unsent.length; i += maxReadMarksPerRequest) {
		answer = await request(
			'/api/read-marks',
			jsonBody('PUT', { marks: unsent.slice(i, i + maxReadMarksPerRequest) }),
			ReadMarksResponse
		);
		if (!answer.ok) return answer;
	}
	return answer.ok ? { ok: true, value: answer.value.marks } : answer;
}
