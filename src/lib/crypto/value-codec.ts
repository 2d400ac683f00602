// Turns a stored value (JSON-like, possibly holding Blobs or bytes, e.g. a draft with photos)
// into one byte string to seal, and back. JSON carries the shape; binary parts follow it.

const blobTag = '\u0000blob';
const bytesTag = '\u0000bytes';

type Part = { bytes: Uint8Array<ArrayBuffer>; type: string | null };

function u32(value: number): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(4);
	new DataView(out.buffer).setUint32(0, value);
	return out;
}

/** Value -> bytes. Blobs and byte arrays keep their contents (and a Blob its type). */
export async function encodeValue(value: unknown): Promise<Uint8Array<ArrayBuffer>> {
	const parts: Part[] = [];
	const blobs: { index: number; blob: Blob }[] = [];
	const json = JSON.stringify(value === undefined ? null : value, function (key, raw: unknown) {
		// `this[key]` is the value before toJSON ran; JSON.stringify would turn bytes into an object.
		const original = (this as Record<string, unknown>)[key];
		if (original instanceof Blob) {
			blobs.push({ index: parts.length, blob: original });
			parts.push({ bytes: new Uint8Array(0), type: original.type });
			return { [blobTag]: parts.length - 1 };
		}
		if (original instanceof ArrayBuffer || ArrayBuffer.isView(original)) {
			const view =
				original instanceof ArrayBuffer
					? new Uint8Array(original)
					: new Uint8Array(original.buffer, original.byteOffset, original.byteLength);
			parts.push({ bytes: new Uint8Array(view), type: null });
			return { [bytesTag]: parts.length - 1 };
		}
		return raw;
	});
	for (const { index, blob } of blobs) {
		parts[index].bytes = new Uint8Array(await blob.arrayBuffer());
	}
	const header = new TextEncoder().encode(
		JSON.stringify({ json, types: parts.map((p) => p.type) })
	);
	const chunks: Uint8Array<ArrayBuffer>[] = [u32(header.length), header];
	for (const part of parts) chunks.push(u32(part.bytes.length), part.bytes);
	const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
	let at = 0;
	for (const chunk of chunks) {
		out.set(chunk, at);
		at += chunk.length;
	}
	return out;
}

/** Bytes -> value, with Blobs rebuilt (same type) and byte arrays as Uint8Array. */
export function decodeValue(data: ArrayBuffer | Uint8Array<ArrayBuffer>): unknown {
	const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const headerLength = view.getUint32(0);
	const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerLength))) as {
		json: string;
		types: (string | null)[];
	};
	const parts: Uint8Array<ArrayBuffer>[] = [];
	let at = 4 + headerLength;
	for (let i = 0; i < header.types.length; i += 1) {
		const length = view.getUint32(at);
		parts.push(bytes.slice(at + 4, at + 4 + length));
		at += 4 + length;
	}
	return JSON.parse(header.json, (_key, raw: unknown) => {
		if (typeof raw === 'object' && raw !== null) {
			const tagged = raw as Record<string, unknown>;
			if (typeof tagged[blobTag] === 'number') {
				const index = tagged[blobTag];
				return new Blob([parts[index]], { type: header.types[index] ?? '' });
			}
			if (typeof tagged[bytesTag] === 'number') return parts[tagged[bytesTag]];
		}
		return raw;
	}) as unknown;
}
