import { AppError } from "@/lib/errors";

/** JSON API bodies: the largest one AXIOM sends (a comment of 10,000 characters, a parts list) is a few KiB. */
export const API_BODY_MAX_BYTES = 64 * 1024;

/**
 * The request body as text, refused with `payload_too_large` (413) as soon as it exceeds
 * `maxBytes`: a declared Content-Length is checked before a byte is read, and the stream is
 * counted chunk by chunk and cancelled at the limit, so a client that lies about (or omits) its
 * length still cannot make the server buffer more than `maxBytes` (plus one chunk).
 */
export async function readBodyTextWithLimit(req: Request, maxBytes: number): Promise<string> {
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) throw payloadTooLarge(maxBytes);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const decoder = new TextDecoder();
  let total = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Stop reading: the rest of the body is never buffered. Not awaited: cancelling one branch
      // of a cloned (teed) body settles only once the other branch is cancelled too.
      reader.cancel().catch(() => {});
      throw payloadTooLarge(maxBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function payloadTooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large", `The request body is larger than ${formatBytes(maxBytes)}.`);
}

function formatBytes(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}
