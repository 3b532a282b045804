// Fixed tenant fixtures for the fictional retailer Zava: regions, stores and users with fixed ids,
// UUIDs and emails, exported so tests can sign tokens for known users and expect known scopes.

export type Role = 'store_manager' | 'regional_manager' | 'head_office';

export interface Region {
  region_id: number;
  region_name: string;
  slug: string;
  /** Demand multipliers by category name; regional taste makes per-region analytics worth asking. */
  affinity: Readonly<Record<string, number>>;
}

export interface Store {
  store_id: number;
  store_name: string;
  slug: string;
  region_id: number;
  city: string;
  is_online: boolean;
  opened_on: string;
  /** Relative trading volume (1 = an average physical store). */
  size: number;
  /** Area codes for home-store customers' phone numbers. */
  area_codes: readonly string[];
}

export interface AppUser {
  user_id: string;
  email: string;
  display_name: string;
  role: Role;
  store_id: number | null;
  region_id: number | null;
  is_active: boolean;
}

const EMAIL_DOMAIN = 'zava.example';

export const REGIONS: readonly Region[] = [
  { region_id: 1, region_name: 'Pacific Northwest', slug: 'pacific-northwest', affinity: { 'Outdoor & Camping': 1.35, Footwear: 1.15, Garden: 0.9 } },
  { region_id: 2, region_name: 'California', slug: 'california', affinity: { 'Beauty & Personal Care': 1.2, 'Sports & Fitness': 1.2, Apparel: 0.9 } },
  { region_id: 3, region_name: 'Mountain West', slug: 'mountain-west', affinity: { 'Outdoor & Camping': 1.4, 'Sports & Fitness': 1.15, 'Home Decor': 0.85 } },
  { region_id: 4, region_name: 'Midwest', slug: 'midwest', affinity: { 'Tools & Hardware': 1.3, 'Kitchen & Dining': 1.1, Apparel: 1.1 } },
  { region_id: 5, region_name: 'Northeast', slug: 'northeast', affinity: { Apparel: 1.2, 'Home Decor': 1.15, Garden: 0.8 } },
  { region_id: 6, region_name: 'Southeast', slug: 'southeast', affinity: { Garden: 1.3, 'Kids & Baby': 1.15, 'Outdoor & Camping': 0.9 } },
];

type StoreSpec = [slug: string, region: number, city: string, opened: string, size: number, areaCodes: string[]];

// Two stores open inside the data window (Boise, Charlotte), so ramp-up questions have answers.
const STORE_SPECS: StoreSpec[] = [
  ['Seattle Downtown', 1, 'Seattle', '2009-04-18', 1.5, ['206']],
  ['Bellevue Square', 1, 'Bellevue', '2012-09-08', 1.2, ['425']],
  ['Tacoma Waterfront', 1, 'Tacoma', '2014-05-03', 0.8, ['253']],
  ['Spokane Valley', 1, 'Spokane Valley', '2016-03-12', 0.7, ['509']],
  ['Portland Pearl District', 1, 'Portland', '2013-10-19', 1.1, ['503', '971']],
  ['San Francisco Union Square', 2, 'San Francisco', '2011-06-25', 1.3, ['415', '628']],
  ['Los Angeles Westside', 2, 'Los Angeles', '2015-02-14', 1.25, ['310', '424']],
  ['San Diego Gaslamp', 2, 'San Diego', '2017-08-05', 0.9, ['619']],
  ['Sacramento Midtown', 2, 'Sacramento', '2019-04-27', 0.75, ['916']],
  ['Denver LoDo', 3, 'Denver', '2013-07-13', 1.1, ['303', '720']],
  ['Salt Lake City Sugar House', 3, 'Salt Lake City', '2018-11-03', 0.8, ['801', '385']],
  ['Boise Downtown', 3, 'Boise', '2025-05-16', 0.6, ['208']],
  ['Chicago Loop', 4, 'Chicago', '2010-10-02', 1.35, ['312', '773']],
  ['Minneapolis Uptown', 4, 'Minneapolis', '2016-09-17', 0.85, ['612']],
  ['Madison Capitol Square', 4, 'Madison', '2020-06-06', 0.6, ['608']],
  ['Columbus Short North', 4, 'Columbus', '2018-03-24', 0.75, ['614']],
  ['Boston Back Bay', 5, 'Boston', '2012-04-21', 1.15, ['617', '857']],
  ['Brooklyn Williamsburg', 5, 'New York', '2016-11-12', 1.2, ['718', '347']],
  ['Philadelphia Rittenhouse', 5, 'Philadelphia', '2017-05-20', 0.9, ['215', '267']],
  ['Burlington Church Street', 5, 'Burlington', '2021-08-14', 0.5, ['802']],
  ['Atlanta Midtown', 6, 'Atlanta', '2014-09-27', 1.05, ['404', '678']],
  ['Nashville The Gulch', 6, 'Nashville', '2019-10-05', 0.85, ['615']],
  ['Charlotte South End', 6, 'Charlotte', '2026-03-20', 0.6, ['704', '980']],
];

const ONLINE: StoreSpec = ['Online', 1, 'Seattle', '2014-06-01', 3.2, []];

const slugify = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export const STORES: readonly Store[] = [...STORE_SPECS, ONLINE].map(([name, region, city, opened, size, areaCodes], i) => ({
  store_id: i + 1,
  store_name: `Zava ${name}`,
  slug: slugify(name),
  region_id: region,
  city,
  is_online: name === 'Online',
  opened_on: opened,
  size,
  area_codes: areaCodes,
}));

/**
 * Readable fixed UUIDs (valid v4 layout): the last group is kind * 100 + id, kind 0 head office
 * (…000000000001), 2 regional manager (…0000000002NN), 3 store manager (…0000000003NN), 9 disabled.
 */
const userUuid = (kind: 0 | 2 | 3 | 9, id: number): string => `00000000-0000-4000-8000-${(kind * 100 + id).toString().padStart(12, '0')}`;

const REGIONAL_MANAGER_NAMES = ['Maya Okafor', 'Daniel Reyes', 'Priya Raman', 'Thomas Lindqvist', 'Grace Whitfield', 'Marcus Bell'];

const STORE_MANAGER_NAMES = [
  'Avery Chen',
  'Jordan Patel',
  'Samira Haddad',
  'Luis Moreno',
  'Hannah Kowalski',
  'Kenji Watanabe',
  'Olivia Martinez',
  'Ethan Brooks',
  'Fatima Nasser',
  'Caleb Johnson',
  'Isabel Duarte',
  'Noah Fischer',
  'Rachel Goldberg',
  'Andre Thompson',
  'Mei Lin',
  "Sean O'Connor",
  'Chloe Dubois',
  'Victor Alvarez',
  'Nadia Petrova',
  'Benjamin Carter',
  'Aaliyah Washington',
  'Tyler Nguyen',
  'Zoe Campbell',
  'Ravi Shah',
];

const HEAD_OFFICE_USERS: readonly AppUser[] = [
  { user_id: userUuid(0, 1), email: `hq@${EMAIL_DOMAIN}`, display_name: 'Elena Park', role: 'head_office', store_id: null, region_id: null, is_active: true },
];

const REGIONAL_MANAGERS: readonly AppUser[] = REGIONS.map((r) => ({
  user_id: userUuid(2, r.region_id),
  email: `region.${r.slug}@${EMAIL_DOMAIN}`,
  display_name: REGIONAL_MANAGER_NAMES[r.region_id - 1]!,
  role: 'regional_manager',
  store_id: null,
  region_id: r.region_id,
  is_active: true,
}));

const STORE_MANAGERS: readonly AppUser[] = STORES.map((s) => ({
  user_id: userUuid(3, s.store_id),
  email: `manager.${s.slug}@${EMAIL_DOMAIN}`,
  display_name: STORE_MANAGER_NAMES[s.store_id - 1]!,
  role: 'store_manager',
  store_id: s.store_id,
  region_id: null,
  is_active: true,
}));

/** A former manager of store 1: a valid, known user whose access must be refused. */
const DISABLED_USER: AppUser = {
  user_id: userUuid(9, 1),
  email: `former.manager.seattle-downtown@${EMAIL_DOMAIN}`,
  display_name: 'Gavin Holt',
  role: 'store_manager',
  store_id: 1,
  region_id: null,
  is_active: false,
};

export const USERS: readonly AppUser[] = [...HEAD_OFFICE_USERS, ...REGIONAL_MANAGERS, ...STORE_MANAGERS, DISABLED_USER];

/** The store's active manager, recorded in stores.rls_user_id (the Zava sample's column). */
export const storeManagerOf = (storeId: number): AppUser => STORE_MANAGERS.find((u) => u.store_id === storeId)!;

export const storesInRegion = (regionId: number): Store[] => STORES.filter((s) => s.region_id === regionId);

// Pacific Northwest holds six stores including the online one; Seattle Downtown is inside it.
export const DEMO_USERS = {
  storeManager: storeManagerOf(1),
  regionalManager: REGIONAL_MANAGERS[0]!,
  headOffice: HEAD_OFFICE_USERS[0]!,
  disabled: DISABLED_USER,
} as const;
