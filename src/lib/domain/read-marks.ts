// Read marks (issue 13): which answer each person last read, per referral, synced across their
// tablets. The wire shapes of GET and PUT /api/read-marks, shared by the tablet and the server.
import * as z from 'zod/mini';
import { Uuid } from './referral.ts';

export const maxReadMarksPerRequest = 5000;

export const ReadMark = z.strictObject({
	referralId: Uuid,
	/** The `respondedAt` of the answer read: a newer answer is unread again. */
	respondedAt: z.iso.datetime({ offset: true, error: 'respondedAt must be an ISO date-time' })
});
export type ReadMark = z.infer<typeof ReadMark>;

export const PutReadMarks = z.strictObject({
	marks: z.array(ReadMark).check(
		z.maxLength(maxReadMarksPerRequest, {
			error: `Send at most ${maxReadMarksPerRequest} read marks at once`
		})
	)
});
export type PutReadMarks = z.infer<typeof PutReadMarks>;

export const ReadMarksResponse = z.object({ marks: z.array(ReadMark) });
export type ReadMarksResponse = z.infer<typeof ReadMarksResponse>;

/** An answer is unread when the referral was answered after the person last read it. */
export function isUnread(respondedAt: string | null, readUpTo: string | undefined): boolean {
	return respondedAt !== null && (readUpTo ?? '') < respondedAt;
}
