// Lists app users with their store scope, as the owner (a development and operations view; the
// server itself only ever reads users under the sealed context).
import type { Sql } from '../db/client.js';

export interface UserRow {
  user_id: string;
  email: string;
  role: string;
  store_ids: number[];
  is_active: boolean;
}

export async function listUsers(admin: Sql): Promise<UserRow[]> {
  return admin.begin(async (tx) => {
    await tx`set local role retail_owner`;
    return tx<UserRow[]>`
      select u.user_id::text, u.email, u.role, u.is_active,
             case u.role
               when 'store_manager' then array[u.store_id]
               when 'regional_manager' then array(select s.store_id from retail.stores s where s.region_id = u.region_id order by 1)
               else array(select s.store_id from retail.stores s order by 1)
             end as store_ids
        from retail.app_users u
       order by case u.role when 'head_office' then 0 when 'regional_manager' then 1 else 2 end, u.email`;
  });
}

/** The `users --json` form: one object per user, `is_active: false` for a disabled one. */
export function usersJson(users: readonly UserRow[]): string {
  return JSON.stringify(
    users.map(({ user_id, email, role, store_ids, is_active }) => ({ user_id, email, role, store_ids, is_active })),
    null,
    2,
  );
}
