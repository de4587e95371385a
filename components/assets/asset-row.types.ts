import type { AssetListItem } from "@/lib/assets/asset-list.types";
import type { VersionPreview } from "@/lib/assets/list-version-previews";
import type { DecisionSummary } from "@/lib/decisions/summarize-decisions";

/** One asset as the project page shows it: the list item, its latest decision and its preview media. */
export type AssetRowData = { item: AssetListItem; decision: DecisionSummary | null; preview: VersionPreview | null };
