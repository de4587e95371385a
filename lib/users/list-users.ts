import { asc } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import type { PublicUser } from "./public-user";

/** Every user, by email, without password hashes (admin screens). */
export async function listUsers(db: DbOrTx): Promise<PublicUser[]> {
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      isAdmin: users.isAdmin,
      disabledAt: users.disabledAt,
      emailNotifications: users.emailNotifications,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(asc(users.email));
}
