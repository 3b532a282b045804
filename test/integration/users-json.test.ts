// `retail-mcp users --json` says whether each user is active, as the text form does with "(disabled)".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USERS } from '../../seed/fixtures.js';
import { listUsers, usersJson } from '../../src/cli/user-directory.js';
import { type Harness, openHarness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h.close());

describe('users --json', () => {
  it('gives every seeded user with is_active, false for the disabled one', async () => {
    const parsed = JSON.parse(usersJson(await listUsers(h.admin))) as Record<string, unknown>[];
    expect(parsed).toHaveLength(USERS.length);
    for (const u of parsed) expect(Object.keys(u).sort()).toEqual(['email', 'is_active', 'role', 'store_ids', 'user_id']);
    const byId = new Map(parsed.map((u) => [u.user_id, u]));
    for (const seeded of USERS) expect(byId.get(seeded.user_id)?.is_active, seeded.email).toBe(seeded.is_active);
    expect(parsed.filter((u) => u.is_active === false).map((u) => u.email)).toEqual(USERS.filter((u) => !u.is_active).map((u) => u.email));
  });
});
