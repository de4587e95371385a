"use client";

import { FolderPlus } from "lucide-react";
import { useRef } from "react";
import { createProjectAction } from "@/lib/admin/admin-actions";
import { ActionError, useAdminAction } from "./admin-action";

export function CreateProjectForm() {
  const { run, isPending, error } = useAdminAction(createProjectAction);
  const formRef = useRef<HTMLFormElement>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await run({ name: String(form.get("name") ?? ""), code: String(form.get("code") ?? "") });
    if (result.ok) formRef.current?.reset();
  }

  return (
    <>
      <form ref={formRef} onSubmit={onSubmit} aria-label="Create project" className="flex flex-wrap items-end gap-2" noValidate>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-ink-400">Name</span>
          <input name="name" type="text" required autoComplete="off" className="input w-64 py-1.5" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-ink-400">Code</span>
          <input
            name="code"
            type="text"
            required
            autoComplete="off"
            maxLength={16}
            placeholder="NGT_S01"
            aria-describedby="project-code-hint"
            className="input w-36 py-1.5 font-mono uppercase"
          />
        </label>
        <button type="submit" className="btn" disabled={isPending}>
          <FolderPlus aria-hidden size={14} />
          {isPending ? "Creating…" : "Create project"}
        </button>
        <span id="project-code-hint" className="pb-2 text-xs text-ink-400">
          2–16 letters, digits or underscores
        </span>
      </form>
      <div className="mt-2">
        <ActionError message={error} />
      </div>
    </>
  );
}
