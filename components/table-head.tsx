/** A column of a TableHead: its heading, or a heading only screen readers hear (an actions column). */
export type TableColumn = string | { label: string; isHidden?: boolean; align?: "right" };

/**
 * The one look of a data table's header row (projects, users, members, versions, tokens): small
 * uppercase headings over a rule. The last column has no right padding.
 */
export function TableHead({ columns }: { columns: readonly TableColumn[] }) {
  return (
    <thead className="text-left text-xs uppercase tracking-wide text-ink-400">
      <tr className="border-b border-ink-800">
        {columns.map((column, index) => {
          const { label, isHidden, align } = typeof column === "string" ? { label: column } : column;
          const padding = index === columns.length - 1 ? "" : "pr-4 ";
          return (
            <th key={label} className={`py-2 ${padding}${align === "right" ? "text-right " : ""}font-medium`}>
              {isHidden ? <span className="sr-only">{label}</span> : label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
