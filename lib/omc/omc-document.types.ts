import { z } from "zod";

/**
 * The shape of an OMC-JSON export as the API documents it (/api/v1's OpenAPI): OMC's root object,
 * every entity grouped by its type (docs/omc.md). Entities are left open here on purpose: their
 * authority is MovieLabs' own OMC-JSON v2.8 schema, which the tests validate every document
 * against; restating it in zod would be a second copy to drift.
 */

const omcEntities = z.array(z.record(z.string(), z.unknown()));

export const omcDocumentSchema = z
  .strictObject({
    Asset: omcEntities,
    AssetSC: omcEntities,
    Task: omcEntities,
    Context: omcEntities,
    Participant: omcEntities,
  })
  .meta({
    id: "OmcDocument",
    description:
      "A MovieLabs OMC-JSON v2.8 document (https://movielabs.com/omc/json/schema/v2.8): entities grouped by type. Identifiers are in the scope `axiom`.",
  });
