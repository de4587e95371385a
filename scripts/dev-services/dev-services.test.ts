import { describe, expect, it } from "vitest";
import { findUntraversableParent, type StatLike } from "./embedded-postgres";
import { appOrigins, buildCorsXml } from "./local-s3";
import { withDatabase } from "./postgres-admin";

describe("findUntraversableParent", () => {
  const postgresUser = { uid: 100, gid: 100 };
  const tree: Record<string, StatLike> = {
    "/": { mode: 0o755, uid: 0, gid: 0 },
    "/root": { mode: 0o700, uid: 0, gid: 0 },
    "/root/axiom": { mode: 0o755, uid: 0, gid: 0 },
    "/srv": { mode: 0o755, uid: 0, gid: 0 },
    "/srv/group-only": { mode: 0o750, uid: 0, gid: 100 },
    "/srv/owned": { mode: 0o700, uid: 100, gid: 100 },
  };
  const stat = (p: string) => tree[p];

  it("names the first ancestor the user cannot enter, such as /root", () => {
    expect(findUntraversableParent("/root/axiom/.axiom/pg", postgresUser, stat)).toBe("/root");
  });

  it("accepts directories reachable through the other, group or owner bits", () => {
    expect(findUntraversableParent("/srv/new/pg", postgresUser, stat)).toBeUndefined();
    expect(findUntraversableParent("/srv/group-only/pg", postgresUser, stat)).toBeUndefined();
    expect(findUntraversableParent("/srv/owned/pg", postgresUser, stat)).toBeUndefined();
  });

  it("checks nothing when the server runs as the current user", () => {
    expect(findUntraversableParent("/root/axiom/.axiom/pg", undefined, stat)).toBeUndefined();
  });
});

describe("buildCorsXml", () => {
  it("allows the browser's upload methods and exposes ETag for multipart completion", () => {
    const xml = buildCorsXml(["http://localhost:3000"]);
    expect(xml).toContain("<AllowedOrigin>http://localhost:3000</AllowedOrigin>");
    for (const method of ["PUT", "GET", "HEAD", "POST"]) expect(xml).toContain(`<AllowedMethod>${method}</AllowedMethod>`);
    expect(xml).toContain("<ExposeHeader>ETag</ExposeHeader>");
  });

  it("refuses an empty origin list", () => {
    expect(() => buildCorsXml([])).toThrow(/at least one origin/);
  });
});

describe("appOrigins", () => {
  it("adds the loopback twin, since localhost and 127.0.0.1 are different origins", () => {
    expect(appOrigins("http://localhost:3000/")).toEqual(["http://localhost:3000", "http://127.0.0.1:3000"]);
    expect(appOrigins("https://review.example.com")).toEqual(["https://review.example.com"]);
  });
});

describe("withDatabase", () => {
  it("swaps only the database name", () => {
    expect(withDatabase("postgres://u:p%40ss@127.0.0.1:5433/postgres?sslmode=disable", "axiom")).toBe(
      "postgres://u:p%40ss@127.0.0.1:5433/axiom?sslmode=disable",
    );
  });
});
