// Picks one store manager, one regional manager and one head-office user for the banner, checking
// each through the same principal resolution a real request uses.

import { DEMO_USERS } from '../../seed/fixtures.js';
import type { Runtime } from '../runtime/open-runtime.js';

export interface DemoUser {
  label: string;
  userId: string;
  email: string;
  storeIds: number[];
}

export async function listUsersViaTenant(rt: Runtime): Promise<DemoUser[]> {
  const picks = [
    ['Store manager', DEMO_USERS.storeManager.user_id],
    ['Regional manager', DEMO_USERS.regionalManager.user_id],
    ['Head office', DEMO_USERS.headOffice.user_id],
  ] as const;
  const out: DemoUser[] = [];
  for (const [label, userId] of picks) {
    const p = await rt.auth.resolvePrincipal(userId).catch(() => null);
    if (p) out.push({ label, userId, email: p.email, storeIds: p.storeIds });
  }
  return out;
}
