"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { Keyboard } from "lucide-react";
import { CONTROL_KEYS, PLAYER_KEYS } from "@/components/player/player-key-table";
import { formatBinding } from "@/components/player/player-keys";

/** The help list of keyboard shortcuts, read from the key table the player's handler uses. */
export function ShortcutsDialog() {
  return (
    <Dialog.Root>
      <Dialog.Trigger className="inline-flex h-7 w-7 items-center justify-center rounded text-ink-300 hover:bg-ink-700" aria-label="Keyboard shortcuts" title="Keyboard shortcuts">
        <Keyboard size={16} aria-hidden />
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/60" />
        <Dialog.Content className="fixed left-1/2 top-1/4 z-50 max-h-[70vh] w-[30rem] -translate-x-1/2 overflow-y-auto rounded border border-ink-600 bg-ink-900 p-4 shadow-2xl">
          <Dialog.Title className="text-base font-semibold">Keyboard shortcuts</Dialog.Title>
          <Dialog.Description className="mt-1 text-ink-300">Active whenever you are not typing in a field.</Dialog.Description>
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5">
            {PLAYER_KEYS.map((binding) => (
              <div key={binding.action} className="contents">
                <dt className="font-mono text-xs text-accent-400">{formatBinding(binding)}</dt>
                <dd className="text-ink-100">
                  {binding.description}
                  {binding.mode === "draw" && <span className="text-ink-400"> (while drawing)</span>}
                </dd>
              </div>
            ))}
          </dl>
          <h3 className="mt-4 text-xs font-semibold uppercase tracking-wide text-ink-400">On a focused control</h3>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5">
            {CONTROL_KEYS.map((row) => (
              <div key={row.keys} className="contents">
                <dt className="font-mono text-xs text-accent-400">{row.keys}</dt>
                <dd className="text-ink-100">{row.description}</dd>
              </div>
            ))}
          </dl>
          <Dialog.Close className="btn mt-4">Close</Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
