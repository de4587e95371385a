import { z } from "zod";
import { memberRole } from "@/db/schema";

export const memberRoleSchema = z.enum(memberRole.enumValues, "must be producer, supervisor or viewer");
