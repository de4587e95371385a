/**
 * The HTTP API as the browser uses it: a session cookie from the next-auth credentials callback,
 * same-origin JSON mutations, bytes PUT straight to the presigned storage URL.
 */
import { createHash } from "node:crypto";

export type ApiAnswer = { status: number; body: unknown };

export class ApiClient {
  private cookies = new Map<string, string>();
  /** Requests retried because they got no answer at all (reported by the scenarios). */
  networkRetries = 0;

  constructor(readonly baseUrl: string) {}

  async request(method: string, pathname: string, data?: unknown, timeoutMs = 30_000): Promise<ApiAnswer> {
    const headers: Record<string, string> = { cookie: this.cookieHeader() };
    if (method !== "GET") {
      headers.origin = this.baseUrl;
      headers["content-type"] = "application/json";
    }
    const res = await fetch(`${this.baseUrl}${pathname}`, {
      method,
      headers,
      body: method === "GET" ? undefined : JSON.stringify(data ?? {}),
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    this.keepCookies(res);
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status, body };
  }

  async signIn(email: string, password: string): Promise<void> {
    const csrf = await this.request("GET", "/api/auth/csrf");
    const { csrfToken } = csrf.body as { csrfToken: string };
    const res = await fetch(`${this.baseUrl}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { cookie: this.cookieHeader(), "content-type": "application/x-www-form-urlencoded", origin: this.baseUrl },
      body: new URLSearchParams({ csrfToken, email, password, json: "true", callbackUrl: "/" }).toString(),
      redirect: "manual",
    });
    this.keepCookies(res);
    if (res.status !== 200) throw new Error(`sign-in of ${email}: HTTP ${res.status}`);
  }

  /** POST /api/projects/:id/uploads: the version (AWAITING_UPLOAD) and its presigned single-PUT URL. */
  async createUpload(projectId: string, file: { name: string; bytes: Uint8Array }): Promise<{ versionId: string; url: string; headers: Record<string, string>; sha256: string }> {
    const sha256 = createHash("sha256").update(file.bytes).digest("hex");
    const created = await this.request("POST", `/api/projects/${projectId}/uploads`, {
      assetName: `REL ${file.name}`.slice(0, 60),
      fileName: file.name,
      size: file.bytes.length,
      contentType: "video/mp4",
      sha256,
    });
    if (created.status !== 201) throw new Error(`create upload: ${created.status} ${JSON.stringify(created.body)}`);
    const upload = created.body as { versionId: string; mode: string; url?: string; headers?: Record<string, string> };
    if (upload.mode !== "single" || !upload.url) throw new Error("expected a single-PUT upload");
    return { versionId: upload.versionId, url: upload.url, headers: upload.headers ?? {}, sha256 };
  }

  /** The browser's PUT of the bytes to storage (no cookies: the URL is the credential). */
  async putBytes(url: string, headers: Record<string, string>, bytes: Uint8Array): Promise<number> {
    const res = await fetch(url, { method: "PUT", body: new Uint8Array(bytes), headers, signal: AbortSignal.timeout(30_000) });
    await res.arrayBuffer();
    return res.status;
  }

  complete(versionId: string, sha256: string): Promise<ApiAnswer> {
    return this.request("POST", `/api/versions/${versionId}/complete`, { sha256 });
  }

  /** create → PUT → complete, each step as the browser does it. Returns the version id. */
  async uploadVersion(projectId: string, file: { name: string; bytes: Uint8Array }): Promise<string> {
    // A request that got no answer at all (a socket reset under load; "fetch failed") is retried
    // like the browser would. Had the server created a version without answering, it stays
    // AWAITING_UPLOAD (not one of this run's versions) until the hourly sweep abandons it (docs/ingest.md).
    let upload: Awaited<ReturnType<ApiClient["createUpload"]>> | undefined;
    await withRetries(async () => {
      try {
        upload = await this.createUpload(projectId, file);
      } catch (error) {
        if (error instanceof TypeError) {
          this.networkRetries++;
          throw error;
        }
        throw Object.assign(error as Error, { isFinal: true });
      }
    });
    const created = upload;
    if (!created) throw new Error("create upload: no answer");
    // PUT and complete are idempotent: retried (3 tries, backoff) like the browser's uploader does.
    await withRetries(async () => {
      const put = await this.putBytes(created.url, created.headers, file.bytes);
      if (put !== 200) throw new Error(`PUT to storage: ${put}`);
    });
    await withRetries(async () => {
      const done = await this.complete(created.versionId, created.sha256);
      if (done.status !== 202) throw new Error(`complete: ${done.status} ${JSON.stringify(done.body)}`);
    });
    return created.versionId;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keepCookies(res: Response): void {
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const eq = pair!.indexOf("=");
      if (eq > 0) this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }
}

async function withRetries(step: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= 3 || (error as { isFinal?: boolean }).isFinal) throw new Error(`${String(error)} (cause: ${String((error as { cause?: unknown }).cause ?? "none")})`);
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
    }
  }
}
