"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Check, Frame } from "lucide-react";
import { memo } from "react";
import { GUIDE_IDS, GUIDES } from "./guides";
import { keyHintOf } from "./player-keys";
import type { Guides } from "./use-guides";

/**
 * The guides toggle: show/hide the chosen set (also G) and which guides are in it — safe areas and
 * aspect frames (guides.ts). In the look of the transport bar's other menus.
 */
export const GuidesMenu = memo(function GuidesMenu({ guides, disabled }: { guides: Guides; disabled?: boolean }) {
  const { choice } = guides;
  const itemClass =
    "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 outline-none data-[highlighted]:bg-ink-700 data-[disabled]:cursor-default data-[disabled]:opacity-50";
  const hint = keyHintOf("toggleGuides", "Guides");
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        data-testid="guides-menu"
        data-shown={choice.isShown}
        disabled={disabled}
        className={`inline-flex h-8 items-center gap-1 rounded px-2 text-xs hover:bg-ink-700 disabled:opacity-40 ${
          choice.isShown && choice.guides.length > 0 ? "text-accent-400" : "text-ink-300"
        }`}
        aria-label={`Guides: ${choice.isShown && choice.guides.length > 0 ? "shown" : "hidden"}`}
        {...hint}
      >
        <Frame size={15} aria-hidden /> Guides
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          side="top"
          align="end"
          sideOffset={6}
          className="z-50 min-w-48 rounded border border-ink-600 bg-ink-850 p-1 text-sm text-ink-100 shadow-xl"
        >
          <DropdownMenu.CheckboxItem
            className={itemClass}
            checked={choice.isShown}
            disabled={choice.guides.length === 0}
            onCheckedChange={guides.toggleShown}
          >
            <Indicator /> Show guides <span className="ml-auto pl-3 font-mono text-xs text-ink-400">G</span>
          </DropdownMenu.CheckboxItem>
          <DropdownMenu.Separator className="my-1 h-px bg-ink-700" />
          {GUIDE_IDS.map((id) => (
            <DropdownMenu.CheckboxItem
              key={id}
              className={itemClass}
              checked={choice.guides.includes(id)}
              onCheckedChange={() => guides.toggle(id)}
              // Keep the menu open: choosing several guides is the common case.
              onSelect={(e) => e.preventDefault()}
            >
              <Indicator /> {GUIDES[id].label}
            </DropdownMenu.CheckboxItem>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
});

function Indicator() {
  return (
    <span className="w-4">
      <DropdownMenu.ItemIndicator>
        <Check size={14} aria-hidden />
      </DropdownMenu.ItemIndicator>
    </span>
  );
}
