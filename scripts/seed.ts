import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { projectMembers, projects, users } from "../db/schema";
import { recordAuditEvent } from "../lib/audit/record-audit-event";
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH } from "../lib/auth/passwords";

export const SEED_ADMIN_EMAIL = "admin@axiom.local";
export const SEED_PROJECT = { name: "Demo", code: "DEMO" } as const;

export type SeedOptions = {
  /** Used only when the admin does not exist yet; a generated one is returned otherwise. */
  adminPassword?: string;
  adminEmail?: string;
};

export type SeedResult = {
  adminId: string;
  adminEmail: string;
  /** Set only when this call created the admin with a generated password: show it once. */
  generatedPassword?: string;
  isAdminCreated: boolean;
  projectId: string;
  isProjectCreated: boolean;
};

/**
 * Idempotent first-run data: the global admin and a "Demo" project (code DEMO) with the admin as a
 * supervisor. An existing admin keeps its password (a rerun never resets it); each row actually
 * created gets its audit event, in the same transaction.
 */
export async function seed(db: Db, options: SeedOptions = {}): Promise<SeedResult> {
  const adminEmail = (options.adminEmail ?? SEED_ADMIN_EMAIL).toLowerCase();
  if (options.adminPassword !== undefined && options.adminPassword.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`the admin password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const generatedPassword = options.adminPassword === undefined ? generatePassword() : undefined;
  // Hash outside the transaction: argon2id is deliberately slow and needs no lock.
  const passwordHash = await hashPassword(options.adminPassword ?? generatedPassword ?? "");

  return db.transaction(async (tx) => {
    const [createdAdmin] = await tx
      .insert(users)
      .values({ email: adminEmail, name: "Administrator", passwordHash, isAdmin: true })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    const [admin] = createdAdmin
      ? [createdAdmin]
      : await tx.select({ id: users.id }).from(users).where(eq(users.email, adminEmail));
    if (!admin) throw new Error(`seed: user ${adminEmail} neither created nor found`);
    if (createdAdmin) {
      await recordAuditEvent(tx, {
        actorId: null,
        action: "user.created",
        entityType: "user",
        entityId: admin.id,
        data: { email: adminEmail, isAdmin: true, source: "seed" },
      });
    }

    const [createdProject] = await tx
      .insert(projects)
      .values({ name: SEED_PROJECT.name, code: SEED_PROJECT.code })
      .onConflictDoNothing({ target: projects.code })
      .returning({ id: projects.id });
    const [project] = createdProject
      ? [createdProject]
      : await tx.select({ id: projects.id }).from(projects).where(eq(projects.code, SEED_PROJECT.code));
    if (!project) throw new Error(`seed: project ${SEED_PROJECT.code} neither created nor found`);
    if (createdProject) {
      await recordAuditEvent(tx, {
        actorId: null,
        action: "project.created",
        entityType: "project",
        entityId: project.id,
        projectId: project.id,
        data: { name: SEED_PROJECT.name, code: SEED_PROJECT.code, source: "seed" },
      });
    }

    const [addedMember] = await tx
      .insert(projectMembers)
      .values({ projectId: project.id, userId: admin.id, role: "supervisor" })
      .onConflictDoNothing()
      .returning({ userId: projectMembers.userId });
    if (addedMember) {
      await recordAuditEvent(tx, {
        actorId: null,
        action: "project.member_added",
        entityType: "project_member",
        entityId: admin.id,
        projectId: project.id,
        data: { role: "supervisor", source: "seed" },
      });
    }

    return {
      adminId: admin.id,
      adminEmail,
      generatedPassword: createdAdmin ? generatedPassword : undefined,
      isAdminCreated: Boolean(createdAdmin),
      projectId: project.id,
      isProjectCreated: Boolean(createdProject),
    };
  });
}

// `tsx scripts/seed.ts`: seed the database at DATABASE_URL (password from AXIOM_ADMIN_PASSWORD).
if (require.main === module) {
  void (async () => {
    const { createDb } = await import("../db/client");
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    const handle = createDb(url, { max: 1 });
    try {
      const result = await seed(handle.db, { adminPassword: process.env.AXIOM_ADMIN_PASSWORD || undefined });
      console.log(describeSeedResult(result));
    } finally {
      await handle.close();
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

/** Human summary; includes a generated password, which is shown this once and stored nowhere. */
export function describeSeedResult(result: SeedResult): string {
  const lines = [
    result.isAdminCreated ? `created admin ${result.adminEmail}` : `admin ${result.adminEmail} already exists (password unchanged)`,
  ];
  if (result.generatedPassword) {
    lines.push(`  generated password: ${result.generatedPassword}   (shown once; it is stored only as an argon2id hash)`);
  }
  lines.push(result.isProjectCreated ? `created project ${SEED_PROJECT.name} (${SEED_PROJECT.code})` : `project ${SEED_PROJECT.code} already exists`);
  return lines.join("\n");
}
