import qrcode from 'qrcode-generator';
import { describe, expect, it } from 'vitest';
import { newPaperCode } from '$lib/domain/paper-reference.ts';
import { decodeQrPixels, paperCodeFromQr } from './qr-scan.ts';

/** Draws a QR code as the camera would see it: black modules on white, with a quiet zone. */
function qrPixels(text: string, scale = 6) {
	const code = qrcode(0, 'M');
	code.addData(text);
	code.make();
	const modules = code.getModuleCount() + 8;
	const size = modules * scale;
	const pixels = new Uint8ClampedArray(size * size * 4).fill(255);
	for (let y = 0; y < size; y += 1)
		for (let x = 0; x < size; x += 1) {
			const row = Math.floor(y / scale) - 4;
			const col = Math.floor(x / scale) - 4;
			const inside = row >= 0 && col >= 0 && row < modules - 8 && col < modules - 8;
			if (inside && code.isDark(row, col))
				pixels.fill(0, (y * size + x) * 4, (y * size + x) * 4 + 3);
		}
	return { pixels, size };
}

describe('scanning a paper note', () => {
	it('the fallback decoder reads the QR code printed on a note', async () => {
		const code = newPaperCode(new Uint8Array([18, 52, 86, 120, 154]));
		const link = `https://wardline.example/capture?paper=${encodeURIComponent(code)}`;
		const { pixels, size } = qrPixels(link);
		const text = await decodeQrPixels(pixels, size, size);
		expect(text).toBe(link);
		expect(paperCodeFromQr(text ?? '')).toBe(code);
	});

	it('finds nothing in a blank frame', async () => {
		const blank = new Uint8ClampedArray(200 * 200 * 4).fill(255);
		expect(await decodeQrPixels(blank, 200, 200)).toBeNull();
	});

	it('takes a bare code too, and nothing that is not a paper code', () => {
		expect(paperCodeFromQr('P-7KQ2-M9XD-M')).toBe('P-7KQ2-M9XD-M');
		expect(paperCodeFromQr('https://example.org/?q=1')).toBeNull();
		expect(paperCodeFromQr('hello')).toBeNull();
	});
});
