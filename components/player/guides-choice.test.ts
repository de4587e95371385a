import { describe, expect, it } from "vitest";
import {
  DEFAULT_GUIDES_CHOICE,
  parseGuidesChoice,
  serializeGuidesChoice,
  toggleGuide,
  toggleGuidesShown,
  visibleGuides,
} from "./guides-choice";

describe("guides choice", () => {
  it("round-trips through storage", () => {
    const choice = { guides: ["title_safe", "aspect_2_39"] as const, isShown: true };
    expect(parseGuidesChoice(serializeGuidesChoice(choice))).toEqual(choice);
  });

  it("reads nothing, garbage or a wrong shape as the default, and drops unknown guides", () => {
    expect(parseGuidesChoice(null)).toEqual(DEFAULT_GUIDES_CHOICE);
    expect(parseGuidesChoice("{not json")).toEqual(DEFAULT_GUIDES_CHOICE);
    expect(parseGuidesChoice(JSON.stringify({ guides: "action_safe", isShown: true }))).toEqual(DEFAULT_GUIDES_CHOICE);
    expect(parseGuidesChoice(JSON.stringify({ guides: ["gone", "aspect_4_3"], isShown: false }))).toEqual({
      guides: ["aspect_4_3"],
      isShown: false,
    });
  });

  it("keeps the chosen guides in a fixed order, and shows them when one is chosen", () => {
    const hidden = { guides: ["aspect_9_16"] as const, isShown: false };
    const added = toggleGuide(hidden, "action_safe");
    expect(added).toEqual({ guides: ["action_safe", "aspect_9_16"], isShown: true });
    expect(toggleGuide(added, "aspect_9_16")).toEqual({ guides: ["action_safe"], isShown: true });
  });

  it("G shows and hides the chosen set without forgetting it", () => {
    const shown = toggleGuidesShown(DEFAULT_GUIDES_CHOICE);
    expect(visibleGuides(shown)).toEqual(["action_safe", "title_safe"]);
    const hidden = toggleGuidesShown(shown);
    expect(visibleGuides(hidden)).toEqual([]);
    expect(hidden.guides).toEqual(["action_safe", "title_safe"]);
  });
});
