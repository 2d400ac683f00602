// Demo wards, Business Units, categories and users for a first run (and for tests), so the app
// is usable straight away. Every demo user's password is `wardline-demo`.
import { defaultTargets } from '#domain/working-days';
import { hashPasswordSync } from '../auth/passwords.ts';
import { slug } from '../directory/ids.ts';
import { seedDemoGeography } from './demo-geography.ts';
import { seedDemoHistory } from './demo-history.ts';
import type { Db } from '../db/open.ts';
import {
	categories,
	open311NeverPublic,
	supportMembers,
	units,
	users,
	wards
} from '../db/schema.ts';

export const demoPassword = 'wardline-demo';

const wardNames = [
	'Belah',
	'Botcherby',
	'Castle',
	'Currock',
	'Denton Holme',
	'Harraby',
	'Morton',
	'Newtown',
	'Sandsfield',
	'Stanwix',
	'Upperby',
	'Yewdale'
];

const unitTargets: [string, number][] = [
	['Highways', 10],
	['Drainage', 10],
	['Waste and Recycling', 5],
	['Parks', 10],
	['Housing', 15],
	['Environmental Health', 10],
	['Planning', 20],
	['Anti-social Behaviour', 5],
	['Licensing', 15],
	['Other', 10]
];

// name, Business Unit, CRM service code
const categoryRouting: [string, string, string][] = [
	['Pothole', 'Highways', 'HW-POT'],
	['Street lighting', 'Highways', 'HW-LGT'],
	['Pavement damage', 'Highways', 'HW-PAV'],
	['Abandoned vehicle', 'Highways', 'HW-ABV'],
	['Blocked drain', 'Drainage', 'DR-BLK'],
	['Flooding', 'Drainage', 'DR-FLD'],
	['Missed bin collection', 'Waste and Recycling', 'WR-MIS'],
	['Fly-tipping', 'Waste and Recycling', 'WR-FLY'],
	['Graffiti', 'Waste and Recycling', 'WR-GRF'],
	['Dog fouling', 'Waste and Recycling', 'WR-DOG'],
	['Overgrown trees', 'Parks', 'PK-TRE'],
	['Playground repair', 'Parks', 'PK-PLY'],
	['Housing repair', 'Housing', 'HO-REP'],
	['Damp and mould', 'Housing', 'HO-DMP'],
	['Noise nuisance', 'Environmental Health', 'EH-NOI'],
	['Pest control', 'Environmental Health', 'EH-PST'],
	['Planning enforcement', 'Planning', 'PL-ENF'],
	['Anti-social behaviour', 'Anti-social Behaviour', 'AS-ASB'],
	['Licensed premises', 'Licensing', 'LI-PRM'],
	['Other', 'Other', 'OT-OTH']
];

// What the capture form says when such a referral is urgent (the number is Ofcom's drama range).
const outOfHours = 'out of hours, call the council on 01632 960000';
const urgentLines: Record<string, string> = {
	'Street lighting': `Danger to life (a live cable, a fallen column): call 999; ${outOfHours}.`,
	Flooding: `Water in a home or danger to life: call 999; ${outOfHours}.`,
	'Housing repair': `No heating, water or a secure door: ${outOfHours}.`
};

// The ids admins' new rows get too ("ward-denton-holme").
const neverPublic = ['Damp and mould', 'Anti-social behaviour'];
const wardId = (name: string) => `ward-${slug(name)}`;
const unitId = (name: string) => `unit-${slug(name)}`;
const categoryId = (name: string) => `cat-${slug(name)}`;

/**
 * Seeds only an empty database (no users yet); returns whether it did. `history` adds two years
 * of made-up referrals for Insights (demo-history.ts); tests leave it out.
 */
export function seedDemoData(db: Db, options: { clock: () => Date; history?: boolean }): boolean {
	if (db.select({ id: users.id }).from(users).limit(1).get()) return false;
	const now = options.clock().toISOString();
	const passwordHash = hashPasswordSync(demoPassword);
	db.transaction((tx) => {
		tx.insert(wards)
			.values(wardNames.map((name) => ({ id: wardId(name), name })))
			.run();
		tx.insert(units)
			.values(
				unitTargets.map(([name, targetDays]) => ({
					id: unitId(name),
					name,
					...defaultTargets(targetDays)
				}))
			)
			.run();
		tx.insert(categories)
			.values(
				categoryRouting.map(([name, unit, crmServiceCode]) => ({
					id: categoryId(name),
					name,
					unitId: unitId(unit),
					crmServiceCode,
					urgentLine: urgentLines[name] ?? null
				}))
			)
			.run();
		// About a person's home or conduct: never in the public Open311 feed (as the migration
		// marks such categories on an existing install, which runs before this seed).
		tx.insert(open311NeverPublic)
			.values(neverPublic.map((name) => ({ categoryId: categoryId(name) })))
			.run();
		const base = { passwordHash, active: true, createdAt: now, email: null, phone: null };
		tx.insert(users)
			.values([
				{
					...base,
					id: 'user-cllr-ahmed',
					username: 'cllr.ahmed',
					displayName: 'Cllr Samira Ahmed',
					role: 'member',
					wardId: wardId('Belah'),
					unitId: null
				},
				{
					...base,
					id: 'user-cllr-brown',
					username: 'cllr.brown',
					displayName: 'Cllr Tom Brown',
					role: 'member',
					wardId: wardId('Castle'),
					unitId: null
				},
				{
					...base,
					id: 'user-support-jones',
					username: 'support.jones',
					displayName: 'Jo Jones',
					role: 'support',
					wardId: null,
					unitId: null
				},
				{
					...base,
					id: 'user-officer-highways',
					username: 'officer.highways',
					displayName: 'Priya Patel (Highways)',
					role: 'officer',
					wardId: null,
					unitId: unitId('Highways')
				},
				{
					...base,
					id: 'user-admin',
					username: 'admin',
					displayName: 'Alex Morgan (Communications)',
					role: 'admin',
					wardId: null,
					unitId: null
				}
			])
			.run();
		tx.insert(supportMembers)
			.values([
				{ supportId: 'user-support-jones', memberId: 'user-cllr-ahmed' },
				{ supportId: 'user-support-jones', memberId: 'user-cllr-brown' }
			])
			.run();
	});
	// Boundaries and postcodes for the demo wards (issue 15), imported as an admin's files are.
	const places = seedDemoGeography({ db, clock: options.clock }, wardId);
	if (options.history)
		seedDemoHistory(db, options.clock(), ['user-cllr-ahmed', 'user-cllr-brown'], places);
	return true;
}
