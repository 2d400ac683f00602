// Which compression a client takes, from its Accept-Encoding (RFC 9110 §12.5.3): brotli before
// gzip at equal weight, nothing for q=0, and `*` standing for any coding not named.
export type Encoding = 'br' | 'gzip';

/** The preferred encoding among `available` (those with a truthy entry), or null: send it plain. */
export function chooseEncoding(
	header: string | undefined,
	available: Partial<Record<Encoding, unknown>>
): Encoding | null {
	if (!header) return null;
	const weights = new Map<string, number>();
	for (const part of header.split(',')) {
		const [token, ...params] = part.trim().toLowerCase().split(';');
		if (!token) continue;
		let q = 1;
		for (const param of params) {
			const [key, value] = param.trim().split('=');
			if (key === 'q') q = Number(value);
		}
		weights.set(token, Number.isFinite(q) ? q : 0);
	}
	const weightOf = (encoding: string) =>
		weights.get(encoding) ??
		(encoding === 'gzip' ? weights.get('x-gzip') : undefined) ??
		weights.get('*') ??
		0;
	let best: Encoding | null = null;
	for (const encoding of ['br', 'gzip'] as const) {
		if (!available[encoding]) continue;
		const q = weightOf(encoding);
		if (q > 0 && (best === null || q > weightOf(best))) best = encoding;
	}
	return best;
}
