import { z } from "zod";
import { GUIDE_IDS, type GuideId } from "./guides";

/**
 * Which guides the reviewer chose and whether they are showing. The choice is remembered in the
 * browser (localStorage, `GUIDES_STORAGE_KEY`); G shows and hides the chosen set. Pure: the hook
 * (use-guides.ts) only stores what this returns.
 */
export interface GuidesChoice {
  guides: readonly GuideId[];
  isShown: boolean;
}

export const GUIDES_STORAGE_KEY = "axiom.player.guides";

/** Action and title safe: what a reviewer looks for first. Hidden until asked for. */
export const DEFAULT_GUIDES_CHOICE: GuidesChoice = { guides: ["action_safe", "title_safe"], isShown: false };

const storedChoiceSchema = z.object({
  // Unknown ids (a guide removed in a later release) are dropped, not an error.
  guides: z.array(z.string()).max(GUIDE_IDS.length * 2),
  isShown: z.boolean(),
});

/** The stored choice, or the default when there is none or it is unreadable. Never throws. */
export function parseGuidesChoice(stored: string | null): GuidesChoice {
  if (stored === null) return DEFAULT_GUIDES_CHOICE;
  let json: unknown;
  try {
    json = JSON.parse(stored);
  } catch {
    return DEFAULT_GUIDES_CHOICE;
  }
  const parsed = storedChoiceSchema.safeParse(json);
  if (!parsed.success) return DEFAULT_GUIDES_CHOICE;
  return { guides: GUIDE_IDS.filter((id) => parsed.data.guides.includes(id)), isShown: parsed.data.isShown };
}

export function serializeGuidesChoice(choice: GuidesChoice): string {
  return JSON.stringify({ guides: choice.guides, isShown: choice.isShown });
}

/**
 * Adds or removes one guide (kept in GUIDE_IDS order). Choosing a guide shows the guides: picking
 * one from the menu and seeing nothing would read as broken.
 */
export function toggleGuide(choice: GuidesChoice, id: GuideId): GuidesChoice {
  const isOn = choice.guides.includes(id);
  const guides = GUIDE_IDS.filter((g) => (g === id ? !isOn : choice.guides.includes(g)));
  return { guides, isShown: isOn ? choice.isShown : true };
}

/** The G key: shows or hides the chosen set (nothing to show when none is chosen). */
export function toggleGuidesShown(choice: GuidesChoice): GuidesChoice {
  return { ...choice, isShown: !choice.isShown };
}

/** The guides to draw now. */
export function visibleGuides(choice: GuidesChoice): readonly GuideId[] {
  return choice.isShown ? choice.guides : [];
}
