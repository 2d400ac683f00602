import { describe, expect, it } from 'vitest';
import { UnitInput } from '../../domain/admin.ts';
import { changedValues, checkForm, serverErrors, settled } from './admin-form.ts';

describe('admin form errors', () => {
	it('gives one message per field from the shared schema', () => {
		expect(checkForm(UnitInput, { name: ' ', targetDays: 0 })).toEqual({
			ok: false,
			errors: {
				name: 'Enter the Business Unit’s name',
				targetDays: 'Give a target from 1 to 60 working days'
			}
		});
		expect(checkForm(UnitInput, { name: ' Parks ', targetDays: 5 })).toEqual({
			ok: true,
			value: { name: 'Parks', targetDays: 5 }
		});
	});

	it('puts the server’s field messages beside their fields and the rest above the form', () => {
		expect(
			serverErrors(
				{ status: 400, message: 'unitId: Choose a Business Unit from the list; Unknown field x' },
				['name', 'unitId']
			)
		).toEqual({ unitId: 'Choose a Business Unit from the list', _: 'Unknown field x' });
		expect(serverErrors({ status: 0, message: 'Admin needs a connection.' }, ['name'])).toEqual({
			_: 'Admin needs a connection.'
		});
	});

	it('puts a name already taken beside the name', () => {
		const taken = { status: 409, message: 'There is already a ward called Castle.' };
		expect(serverErrors(taken, ['name'], 'name')).toEqual({ name: taken.message });
	});
});

describe('once the server has answered', () => {
	it('says what was saved, or puts a refusal beside its field or above the form', () => {
		const ok = { ok: true as const, value: { id: 'ward-belah' } };
		expect(settled(ok, ['name'], 'Retired.')).toEqual({ errors: {}, saved: 'Retired.' });
		const refused = {
			ok: false as const,
			kind: 'fatal' as const,
			status: 409,
			message: 'Highways cannot be retired.'
		};
		expect(settled(refused, ['name'], 'Retired.')).toEqual({
			errors: { _: 'Highways cannot be retired.' },
			saved: null
		});
		expect(settled(refused, ['name'], 'Saved.', 'name').errors).toEqual({
			name: 'Highways cannot be retired.'
		});
		const saidOf = (ward: { id: string }) => `Saved ${ward.id}.`;
		expect(settled(ok, ['name'], saidOf)).toEqual({ errors: {}, saved: 'Saved ward-belah.' });
	});
});

describe('what an edit sends', () => {
	it('only the values that changed', () => {
		const before = { name: 'Pothole', unitId: 'unit-highways', crmServiceCode: 'HW-POT' };
		expect(changedValues(before, { ...before, unitId: 'unit-parks' })).toEqual({
			unitId: 'unit-parks'
		});
		expect(changedValues(before, { ...before })).toEqual({});
	});
});

describe('a unit’s targets out of order', () => {
	it('the server’s refusal is shown beside the target it names', () => {
		const answer = {
			status: 400,
			message:
				'targetDaysUrgent: The urgent target (4 working days) cannot be longer than the soon one (3 working days)'
		};
		expect(
			serverErrors(answer, ['name', 'targetDays', 'targetDaysSoon', 'targetDaysUrgent'])
		).toEqual({
			targetDaysUrgent:
				'The urgent target (4 working days) cannot be longer than the soon one (3 working days)'
		});
	});
});
