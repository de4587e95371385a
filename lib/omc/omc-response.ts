import { attachmentDisposition } from "@/lib/exports/export-file-name";
import type { OmcExport } from "./load-omc-document";

/** An OMC-JSON export as a download (docs/omc.md); the same for every edge that serves one. */
export function omcResponse({ document, fileName }: OmcExport): Response {
  return new Response(`${JSON.stringify(document, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": attachmentDisposition(fileName),
      "Cache-Control": "no-store",
    },
  });
}

/** The origin identifier URLs are built on: the configured public URL, else the request's own. */
export function omcAppUrl(req: Request, publicUrl: string | undefined): string {
  return publicUrl ?? new URL(req.url).origin;
}
