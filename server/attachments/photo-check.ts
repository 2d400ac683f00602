// What an uploaded photo must be before it is stored: a JPEG, PNG or WebP by its own bytes, and
// one that an image library can actually decode. Checking the first bytes alone let anything
// with a JPEG header in; decoding it (libvips, through sharp) proves it is an image a browser
// will show, before it takes space or reaches another user's screen.
import sharp from 'sharp';

/**
 * The image type the bytes themselves show (JPEG, PNG or WebP signature), or null. Stored and
 * served instead of the type the client claimed, so a photo is never served as something else.
 */
export function sniffImageType(data: Uint8Array): string | null {
	const starts = (offset: number, bytes: number[]) =>
		data.length >= offset + bytes.length && bytes.every((b, i) => data[offset + i] === b);
	if (starts(0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (starts(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	// RIFF....WEBP
	if (starts(0, [0x52, 0x49, 0x46, 0x46]) && starts(8, [0x57, 0x45, 0x42, 0x50]))
		return 'image/webp';
	return null;
}

const formats: Record<string, string> = {
	jpeg: 'image/jpeg',
	png: 'image/png',
	webp: 'image/webp'
};

/**
 * Above a tablet photo's 1600 px by far (and a 48 MP camera's full size), below what a small
 * file that decodes to gigabytes of pixels (a "decompression bomb") would need.
 */
export const maxPhotoPixels = 50_000_000;

export type PhotoCheck = { ok: true; type: string } | { ok: false; message: string };

const notAPhoto = 'That file is not a JPEG, PNG or WebP photo. Take the photo again.';

/**
 * Decodes every pixel row (into a thumbnail, so memory stays small) and refuses what fails:
 * a truncated or corrupt file, a type other than the bytes' signature, or too many pixels.
 * The bytes stored are the ones sent: the tablet's hash of them stays the photo's identity.
 */
export async function checkPhoto(data: Uint8Array): Promise<PhotoCheck> {
	const sniffed = sniffImageType(data);
	if (sniffed === null) return { ok: false, message: notAPhoto };
	try {
		const image = sharp(data, {
			failOn: 'error',
			limitInputPixels: maxPhotoPixels,
			sequentialRead: true
		});
		const { format } = await image.metadata();
		if (formats[format] !== sniffed) return { ok: false, message: notAPhoto };
		await image.resize({ width: 64, height: 64, fit: 'inside' }).raw().toBuffer();
		return { ok: true, type: sniffed };
	} catch (error) {
		if (error instanceof Error && /pixel limit/i.test(error.message))
			return {
				ok: false,
				message: 'That photo has too many pixels. Take it again at a lower resolution.'
			};
		return { ok: false, message: 'That photo is damaged and cannot be shown. Take it again.' };
	}
}
