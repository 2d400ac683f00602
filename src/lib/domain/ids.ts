// UUID v7 ids made on the tablet: time-ordered, so outbox and referrals sort by creation.

/** A UUID v7 from a millisecond timestamp and 10 random bytes (injected for tests). */
export function uuidv7(nowMs: number, random: Uint8Array): string {
	const bytes = new Uint8Array(16);
	let ms = Math.floor(nowMs);
	for (let i = 5; i >= 0; i -= 1) {
		bytes[i] = ms % 256;
		ms = Math.floor(ms / 256);
	}
	bytes.set(random.subarray(0, 10), 6);
	bytes[6] = 0x70 | (bytes[6] & 0x0f);
	bytes[8] = 0x80 | (bytes[8] & 0x3f);
	const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type IdSource = () => string;

export function randomIdSource(now: () => number = Date.now): IdSource {
	return () => uuidv7(now(), crypto.getRandomValues(new Uint8Array(10)));
}
