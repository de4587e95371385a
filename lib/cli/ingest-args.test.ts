import { describe, expect, it } from "vitest";
import { parseCommand } from "./ingest-args";

const env = { AXIOM_URL: "https://axiom.example.com/", AXIOM_TOKEN: "axm_x" };

describe("parseCommand", () => {
  it("parses an ingest with every option, trimming AXIOM_URL's trailing slash", () => {
    expect(
      parseCommand(["ingest", "a.mov", "shots/", "--project", "DEMO", "--asset", "SH010", "--wait", "--json", "--urgent"], env),
    ).toEqual({
      kind: "ingest",
      options: {
        paths: ["a.mov", "shots/"],
        project: "DEMO",
        asset: "SH010",
        wait: true,
        json: true,
        urgent: true,
        url: "https://axiom.example.com",
        token: "axm_x",
      },
    });
  });

  it("defaults: no asset, no wait, no json", () => {
    const parsed = parseCommand(["ingest", "a.mov", "--project=DEMO"], env);
    expect(parsed).toMatchObject({ kind: "ingest", options: { asset: null, wait: false, json: false, urgent: false } });
  });

  it("shows help for --help, `help` and no arguments", () => {
    expect(parseCommand(["--help"], {})).toEqual({ kind: "help" });
    expect(parseCommand(["help"], {})).toEqual({ kind: "help" });
    expect(parseCommand([], {})).toEqual({ kind: "help" });
  });

  it.each([
    [["ingest", "a.mov"], env, "--project"],
    [["ingest", "--project", "DEMO"], env, "at least one file"],
    [["upload", "a.mov", "--project", "DEMO"], env, 'unknown command "upload"'],
    [["ingest", "a.mov", "--project", "DEMO", "--fast"], env, "--fast"],
    [["ingest", "a.mov", "--project"], env, "--project"],
    [["ingest", "a.mov", "--project", "DEMO", "--asset", " "], env, "--asset"],
    [["ingest", "a.mov", "--project", "DEMO"], { AXIOM_TOKEN: "axm_x" }, "AXIOM_URL"],
    [["ingest", "a.mov", "--project", "DEMO"], { AXIOM_URL: "ftp://x", AXIOM_TOKEN: "axm_x" }, "not an http(s) URL"],
    [["ingest", "a.mov", "--project", "DEMO"], { AXIOM_URL: "http://x" }, "AXIOM_TOKEN"],
  ])("%j is a usage error naming the problem", (argv, environment, message) => {
    const parsed = parseCommand(argv, environment);
    expect(parsed.kind).toBe("usage_error");
    expect(parsed.kind === "usage_error" && parsed.message).toContain(message);
  });
});
