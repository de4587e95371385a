import type { Metadata } from "next";
import { OPENAPI_JSON_PATH, getOpenApiDocument } from "@/lib/api/v1/openapi";

export const metadata: Metadata = { title: "API reference" };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: Json }[];
  requestBody?: { content?: Record<string, { schema?: Json }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Json }> }>;
};

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

/**
 * The /api/v1 reference, rendered on the server from the very OpenAPI document served at
 * /api/v1/openapi.json (docs/api.md, "Reference page"). Plain HTML with no script: it works
 * offline and under the app's nonce-only Content-Security-Policy, which the JavaScript renderers
 * (Scalar, Redoc, Swagger UI) do not fit without loosening it or shipping a bundle to keep current.
 * Public, like the document: it names routes and shapes, never data.
 */
export default function ApiDocsPage() {
  const doc = getOpenApiDocument() as unknown as {
    info: { title: string; description?: string };
    paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
    components?: { schemas?: Record<string, Json> };
  };
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method]! })),
  );
  const tags = [...new Set(operations.map((o) => o.op.tags?.[0] ?? "Other"))];
  return (
    <div className="mx-auto max-w-5xl space-y-8 p-6">
      <header className="space-y-2">
        <h1 className="text-xl font-semibold">{doc.info.title}</h1>
        <p className="text-ink-300">{doc.info.description}</p>
        <p className="text-ink-300">
          The machine-readable document: <a href={OPENAPI_JSON_PATH} className="underline">{OPENAPI_JSON_PATH}</a> (OpenAPI 3.1). A walk-through with
          curl: <code>docs/api.md</code>. Tokens: <a href="/settings/tokens" className="underline">Settings → API tokens</a>.
        </p>
        <nav aria-label="Sections" className="flex flex-wrap gap-3 text-ink-300">
          {tags.map((tag) => (
            <a key={tag} href={`#${tag}`} className="underline">
              {tag}
            </a>
          ))}
          <a href="#schemas" className="underline">
            Schemas
          </a>
        </nav>
      </header>
      {tags.map((tag) => (
        <section key={tag} id={tag} aria-labelledby={`${tag}-heading`} className="space-y-4">
          <h2 id={`${tag}-heading`} className="border-b border-ink-800 pb-1 text-lg font-semibold">
            {tag}
          </h2>
          {operations
            .filter((o) => (o.op.tags?.[0] ?? "Other") === tag)
            .map(({ path, method, op }) => (
              <OperationView key={`${method} ${path}`} path={path} method={method} op={op} />
            ))}
        </section>
      ))}
      <section id="schemas" aria-labelledby="schemas-heading" className="space-y-3">
        <h2 id="schemas-heading" className="border-b border-ink-800 pb-1 text-lg font-semibold">
          Schemas
        </h2>
        {Object.entries(doc.components?.schemas ?? {}).map(([name, schema]) => (
          <div key={name} id={`schema-${name}`} className="space-y-1">
            <h3 className="font-mono font-semibold">{name}</h3>
            <SchemaView schema={schema} />
          </div>
        ))}
      </section>
    </div>
  );
}

function OperationView({ path, method, op }: { path: string; method: string; op: Operation }) {
  const body = op.requestBody?.content?.["application/json"]?.schema;
  return (
    <article id={op.operationId} className="space-y-2 rounded border border-ink-800 p-3">
      <h3 className="flex flex-wrap items-baseline gap-2">
        <span className="rounded bg-ink-800 px-1.5 font-mono text-xs uppercase">{method}</span>
        <code className="font-mono">{path}</code>
        <span className="text-ink-300">{op.summary}</span>
      </h3>
      {op.description?.split("\n\n").map((paragraph) => (
        <p key={paragraph} className="text-ink-300">
          {paragraph}
        </p>
      ))}
      {op.parameters && op.parameters.length > 0 && (
        <table className="w-full text-left">
          <caption className="text-left text-xs text-ink-400">Parameters</caption>
          <tbody>
            {op.parameters.map((p) => (
              <tr key={`${p.in} ${p.name}`} className="border-t border-ink-800">
                <td className="py-1 pr-3 font-mono">{p.name}</td>
                <td className="py-1 pr-3 text-ink-400">
                  {p.in}
                  {p.required ? ", required" : ""}
                </td>
                <td className="py-1 font-mono text-xs text-ink-300">{compactSchema(p.schema)}</td>
                <td className="py-1 text-ink-300">{p.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {body !== undefined && (
        <div>
          <p className="text-xs text-ink-400">Request body (application/json)</p>
          <SchemaView schema={body} />
        </div>
      )}
      <div>
        <p className="text-xs text-ink-400">Responses</p>
        <ul className="space-y-1">
          {Object.entries(op.responses ?? {}).map(([status, response]) => {
            const schema = response.content?.["application/json"]?.schema;
            return (
              <li key={status}>
                <span className="font-mono">{status}</span> <span className="text-ink-300">{response.description}</span>
                {schema !== undefined && status.startsWith("2") && <SchemaView schema={schema} />}
              </li>
            );
          })}
        </ul>
      </div>
    </article>
  );
}

function SchemaView({ schema }: { schema: Json }) {
  return <pre className="overflow-x-auto rounded bg-ink-900 p-2 font-mono text-xs text-ink-300">{JSON.stringify(schema, null, 2)}</pre>;
}

function compactSchema(schema: Json | undefined): string {
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return "";
  const { type, format, enum: values, maximum, minimum } = schema as Record<string, Json>;
  if (Array.isArray(values)) return values.join(" | ");
  return [type, format && `(${String(format)})`, minimum !== undefined && `≥ ${String(minimum)}`, maximum !== undefined && `≤ ${String(maximum)}`]
    .filter(Boolean)
    .join(" ");
}
