// Photos are shrunk on the tablet before they are stored: a phone camera's 5-10 MB picture
// becomes a JPEG of a few hundred KB, which fits the tablet's storage and a weak signal.

const maxSide = 1600;

export async function resizePhoto(file: Blob): Promise<Blob> {
	if (!file.type.startsWith('image/')) throw new Error('Only photos can be attached.');
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	} catch {
		throw new Error('This photo could not be read. Try taking it again.');
	}
	const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
	const width = Math.round(bitmap.width * scale);
	const height = Math.round(bitmap.height * scale);
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	const context = canvas.getContext('2d');
	if (!context) throw new Error('This tablet cannot resize photos.');
	context.drawImage(bitmap, 0, 0, width, height);
	bitmap.close();
	return new Promise((resolve, reject) =>
		canvas.toBlob(
			(blob) => (blob ? resolve(blob) : reject(new Error('This photo could not be saved.'))),
			'image/jpeg',
			0.82
		)
	);
}
