// Test kit: a fetch that records each call and answers as the test says, and a JSON answer.

export type Call = { url: string; init: RequestInit };

export function fakeFetch(answer: (call: Call) => Response | Promise<Response>) {
	const calls: Call[] = [];
	const fetchFn = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
		const call = { url: String(input), init };
		calls.push(call);
		return answer(call);
	}) as typeof fetch;
	return { fetchFn, calls };
}

export const json = (status: number, body: unknown) =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
