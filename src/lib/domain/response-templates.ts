// A unit's response templates: short standard answers an officer starts a response from and
// then edits. Kept by admins and by the unit's own officers.
import * as z from 'zod/mini';
import { limits } from './referral.ts';
import { storableText } from './validation.ts';

export const templateLimits = { title: 80, text: limits.comment, perUnit: 50 } as const;

const Title = z.string({ error: 'Give the template a short name' }).check(
	z.trim(),
	storableText(),
	z.minLength(1, { error: 'Give the template a short name' }),
	z.maxLength(templateLimits.title, {
		error: `Keep the name under ${templateLimits.title} characters`
	})
);
const Text = z
	.string({ error: 'Write the answer the template starts from' })
	.check(
		z.trim(),
		storableText(),
		z.minLength(1, { error: 'Write the answer the template starts from' }),
		z.maxLength(templateLimits.text, { error: 'Keep the answer under 5,000 characters' })
	);

export const ResponseTemplate = z.object({
	id: z.string(),
	unitId: z.string(),
	title: z.string(),
	text: z.string(),
	updatedAt: z.string()
});
export type ResponseTemplate = z.infer<typeof ResponseTemplate>;

export const ResponseTemplateInput = z.strictObject({
	unitId: z
		.string({ error: 'Choose the team' })
		.check(z.minLength(1, { error: 'Choose the team' })),
	title: Title,
	text: Text
});
export type ResponseTemplateInput = z.infer<typeof ResponseTemplateInput>;

export const ResponseTemplatePatch = z
	.strictObject({ title: z.optional(Title), text: z.optional(Text) })
	.check(
		z.refine((p) => p.title !== undefined || p.text !== undefined, {
			error: 'Nothing was changed'
		})
	);
export type ResponseTemplatePatch = z.infer<typeof ResponseTemplatePatch>;

export const ResponseTemplateList = z.object({ templates: z.array(ResponseTemplate) });
