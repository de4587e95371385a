"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { Check, Copy, UserPlus, X } from "lucide-react";
import { useRef, useState } from "react";
import { createUserAction } from "@/lib/admin/admin-actions";
import { ActionError, useAdminAction } from "./admin-action";

type Created = { email: string; initialPassword: string };

/** Inline "new user" row; the generated password is shown once, in a dialog, with a copy button. */
export function CreateUserForm() {
  const { run, isPending, error } = useAdminAction(createUserAction);
  const [created, setCreated] = useState<Created | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await run({
      email: String(form.get("email") ?? ""),
      name: String(form.get("name") ?? ""),
      isAdmin: form.get("isAdmin") === "on",
    });
    if (result.ok) {
      formRef.current?.reset();
      setCreated(result.data);
    }
  }

  return (
    <>
      <form ref={formRef} onSubmit={onSubmit} aria-label="Create user" className="flex flex-wrap items-end gap-2" noValidate>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-ink-400">Email</span>
          <input name="email" type="email" required autoComplete="off" className="input w-64 py-1.5" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-ink-400">Name</span>
          <input name="name" type="text" required autoComplete="off" className="input w-48 py-1.5" />
        </label>
        <label className="flex items-center gap-2 py-1.5 text-ink-300">
          <input name="isAdmin" type="checkbox" className="accent-accent-500" />
          Admin
        </label>
        <button type="submit" className="btn" disabled={isPending}>
          <UserPlus aria-hidden size={14} />
          {isPending ? "Creating…" : "Create user"}
        </button>
      </form>
      <div className="mt-2">
        <ActionError message={error} />
      </div>
      <InitialPasswordDialog created={created} onClose={() => setCreated(null)} />
    </>
  );
}

function InitialPasswordDialog({ created, onClose }: { created: Created | null; onClose: () => void }) {
  const [copied, setCopied] = useState(false);

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.initialPassword);
      setCopied(true);
    } catch {
      setCopied(false); // clipboard refused (insecure origin): the password stays selectable
    }
  }

  return (
    <Dialog.Root
      open={created !== null}
      onOpenChange={(open) => {
        if (!open) {
          setCopied(false);
          onClose();
        }
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-black/70" />
        <Dialog.Content className="fixed top-1/2 left-1/2 w-[min(92vw,28rem)] -translate-x-1/2 -translate-y-1/2 rounded-lg border border-ink-700 bg-ink-900 p-6 shadow-2xl">
          <Dialog.Title className="text-base font-semibold">User created</Dialog.Title>
          <Dialog.Description className="mt-1 text-ink-300">
            Give this initial password to <span className="text-ink-100">{created?.email}</span>. It is shown only
            once.
          </Dialog.Description>
          <div className="mt-4 flex items-center gap-2">
            <output
              aria-label="Initial password"
              data-testid="initial-password"
              className="flex-1 rounded border border-ink-600 bg-ink-950 px-3 py-2 font-mono select-all"
            >
              {created?.initialPassword}
            </output>
            <button type="button" className="btn" onClick={copy} aria-label="Copy password">
              {copied ? <Check aria-hidden size={14} /> : <Copy aria-hidden size={14} />}
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
          <div className="mt-6 flex justify-end">
            <Dialog.Close asChild>
              <button type="button" className="btn-primary">
                Done
              </button>
            </Dialog.Close>
          </div>
          <Dialog.Close asChild>
            <button type="button" aria-label="Close" className="absolute top-3 right-3 text-ink-400 hover:text-ink-100">
              <X aria-hidden size={16} />
            </button>
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
