import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2019, { type ErrorObject } from "ajv/dist/2019";

/**
 * Tests only: MovieLabs' official OMC-JSON v2.8 schema, compiled by a maintained validator (ajv, in
 * its JSON Schema draft 2019-09 mode, the draft the schema declares). The schema is not vendored:
 * tests read it from AXIOM_OMC_SCHEMA_DIR, default `../shared/omc` beside the repository, and skip
 * with that reason when it is absent (docs/omc.md, "Validation").
 */

const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const OMC_SCHEMA_FILE = "OMC-JSON-v2.8.schema.json";

/** The directory holding the schema, or null (the tests skip) when it is not there. */
export function omcSchemaDir(): string | null {
  const dir = process.env.AXIOM_OMC_SCHEMA_DIR ?? resolve(repoRoot, "../shared/omc");
  return existsSync(join(dir, OMC_SCHEMA_FILE)) ? dir : null;
}

export const omcSchemaSkipReason = `OMC-JSON schema not found: set AXIOM_OMC_SCHEMA_DIR to a directory holding ${OMC_SCHEMA_FILE} (MovieLabs/OMC, OMC-JSON/)`;

export type OmcValidator = (document: unknown) => { isValid: boolean; errors: string[] };

/** A validator of whole OMC-JSON documents against the schema in `dir`. */
export function loadOmcValidator(dir: string): OmcValidator {
  const schema = JSON.parse(readFileSync(join(dir, OMC_SCHEMA_FILE), "utf8")) as Record<string, unknown>;
  // Strict mode stays on for keywords (one ajv does not know would fail loudly); the schema's one
  // annotation of its own, `x-controlledValues` (suggested vocabularies), is declared as such.
  // strictTypes/strictTuples are lints of how a schema is written (`properties` without
  // `type: "object"`, open-ended tuples), not of what it accepts; MovieLabs' schema trips them.
  const ajv = new Ajv2019({ allErrors: true, strict: true, strictTypes: false, strictTuples: false });
  ajv.addKeyword({ keyword: "x-controlledValues", schemaType: "array" });
  const validate = ajv.compile(schema);
  return (document) => {
    const isValid = validate(document) === true;
    return { isValid, errors: isValid ? [] : (validate.errors ?? []).map(describeError) };
  };
}

function describeError(e: ErrorObject): string {
  return `${e.instancePath || "/"} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`;
}
