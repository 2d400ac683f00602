// Reading a paper note's QR code from the camera: the browser's BarcodeDetector where it has
// one (Android, ChromeOS, macOS), else jsQR, loaded only when a scan starts so it stays out of
// the pages' first download.
import { readPaperCode } from '$lib/domain/paper-reference.ts';

/** The paper code in what a QR code holds: the note's key-in link (…/capture?paper=…) or a bare code. */
export function paperCodeFromQr(text: string): string | null {
	let candidate = text.trim();
	try {
		const url = new URL(candidate);
		candidate = url.searchParams.get('paper') ?? '';
	} catch {
		// Not a link: a bare code.
	}
	const reading = readPaperCode(candidate);
	return reading.kind === 'checked' || reading.kind === 'unchecked' ? reading.code : null;
}

/** Decodes a QR code in RGBA pixels with jsQR; null if there is none. */
export async function decodeQrPixels(
	pixels: Uint8ClampedArray,
	width: number,
	height: number
): Promise<string | null> {
	const { default: jsQR } = await import('jsqr');
	return jsQR(pixels, width, height, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

interface DetectedBarcode {
	rawValue: string;
}
interface BarcodeDetectorLike {
	detect(source: CanvasImageSource): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorClass {
	new (options: { formats: string[] }): BarcodeDetectorLike;
	getSupportedFormats(): Promise<string[]>;
}

/** A function reading the QR code in the video's current frame, or null when there is none. */
export async function frameReader(video: HTMLVideoElement): Promise<() => Promise<string | null>> {
	const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
	if (Detector && (await Detector.getSupportedFormats()).includes('qr_code')) {
		const detector = new Detector({ formats: ['qr_code'] });
		return async () => (await detector.detect(video))[0]?.rawValue ?? null;
	}
	const canvas = document.createElement('canvas');
	const context = canvas.getContext('2d', { willReadFrequently: true });
	return async () => {
		if (!context || video.videoWidth === 0) return null;
		canvas.width = video.videoWidth;
		canvas.height = video.videoHeight;
		context.drawImage(video, 0, 0);
		const frame = context.getImageData(0, 0, canvas.width, canvas.height);
		return decodeQrPixels(frame.data, frame.width, frame.height);
	};
}

/** Whether this browser can use a camera at all (the scan button is shown only then). */
export function canUseCamera(): boolean {
	return (
		typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function'
	);
}
