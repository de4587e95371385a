import { AssetCard } from "./asset-card";
import type { AssetRowData } from "./asset-row.types";

/** The grid view: posters first, for finding a shot by looking. */
export function AssetGrid(props: { projectId: string; rows: AssetRowData[] }) {
  return (
    <ul className="grid grid-cols-[repeat(auto-fill,minmax(14rem,1fr))] gap-3" data-testid="asset-grid">
      {props.rows.map((row) => (
        <AssetCard key={row.item.id} projectId={props.projectId} row={row} />
      ))}
    </ul>
  );
}
