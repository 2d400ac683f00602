import { describe, expect, it } from 'vitest';
import { offered, retiredChoiceErrors, shownName } from './retired-choices.ts';

const wards = [
	{ id: 'ward-belah', name: 'Belah', active: true },
	{ id: 'ward-old', name: 'Old Town', active: false },
	{ id: 'ward-castle', name: 'Castle' }
];

describe('retired choices', () => {
	it('offers the items in use, and none that are retired', () => {
		expect(offered(wards).map((w) => w.id)).toEqual(['ward-belah', 'ward-castle']);
		expect(offered(undefined)).toEqual([]);
	});

	it('keeps a retired item that is already chosen, so the form does not change it', () => {
		expect(offered(wards, 'ward-old').map((w) => w.id)).toEqual([
			'ward-belah',
			'ward-old',
			'ward-castle'
		]);
	});

	it('names a retired item as retired', () => {
		expect(wards.map(shownName)).toEqual(['Belah', 'Old Town (retired)', 'Castle']);
	});

	it('asks a new referral for another ward or category than a retired one', () => {
		const reference = {
			wards,
			categories: [
				{ id: 'cat-pothole', name: 'Pothole', active: true },
				{ id: 'cat-old', name: 'Old kind', active: false }
			]
		};
		expect(
			retiredChoiceErrors(reference, { wardId: 'ward-belah', categoryId: 'cat-pothole' })
		).toEqual({});
		expect(retiredChoiceErrors(reference, { wardId: 'ward-old', categoryId: 'cat-old' })).toEqual({
			wardId: 'That ward is retired. Choose the ward the problem is in now',
			categoryId: 'That kind of problem is no longer used. Choose another'
		});
		expect(retiredChoiceErrors(null, { wardId: 'ward-old', categoryId: '' })).toEqual({});
	});
});
