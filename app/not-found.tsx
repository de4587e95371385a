import Link from "next/link";

/**
 * Every 404 — an unknown URL, an id that names nothing, or a project the viewer is not a member of
 * (the same answer on purpose: no existence leak) — in the app's own look instead of Next's white page.
 */
export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center bg-ink-950 p-6 text-ink-100">
      <div className="max-w-md text-center">
        <p className="font-mono text-xs text-ink-400">404</p>
        <h1 className="mt-2 text-lg font-semibold">This page does not exist</h1>
        <p className="mt-2 text-ink-300">
          The link may be mistyped, or what it pointed to was removed or is not shared with you.
        </p>
        <Link href="/" className="mt-4 inline-block text-accent-400 hover:underline">
          Go to your projects
        </Link>
      </div>
    </main>
  );
}
