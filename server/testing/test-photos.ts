// Real, tiny images (4 x 3 pixels, made with sharp) for tests that upload photos: the server
// decodes every upload, so a JPEG header followed by anything no longer passes for a photo.
const base64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

export const tinyJpeg = base64(
	'/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAADAAQDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAH/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAAAwb/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCgBQD/2Q=='
);
export const tinyPng = base64(
	'iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAEElEQVQImWMwXlUORww4OQAzzg/xUTK2PQAAAABJRU5ErkJggg=='
);
export const tinyWebp = base64(
	'UklGRjQAAABXRUJQVlA4ICgAAABwAQCdASoEAAMAAUAmJaACdAGgAACaIw0a//U4//6aR//TSPoUAAAA'
);

/**
 * A tiny JPEG whose bytes (and so sha256) differ by `n`: a comment segment (COM, FF FE) after
 * the start-of-image marker, which decoders skip.
 */
export function numberedJpeg(n: number): Uint8Array<ArrayBuffer> {
	const note = new TextEncoder().encode(`photo ${n}`);
	const segment = [0xff, 0xfe, 0, note.length + 2, ...note];
	return new Uint8Array([...tinyJpeg.subarray(0, 2), ...segment, ...tinyJpeg.subarray(2)]);
}
