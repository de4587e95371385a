import type { User } from "@/db/schema";

/** A user as the rest of the app may see it: never the password hash. */
export type PublicUser = Omit<User, "passwordHash">;

export function toPublicUser(user: User): PublicUser {
  const { passwordHash: _hash, ...rest } = user;
  return rest;
}
