"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Check } from "lucide-react";
import type { ComponentPropsWithoutRef, ReactNode } from "react";

type TriggerProps = Omit<ComponentPropsWithoutRef<typeof DropdownMenu.Trigger>, "children" | "className">;

/**
 * The transport bar's dropdown shell (speed, quality): a compact trigger with an icon and the current
 * value, and a menu opening upwards with a heading. The items are the caller's.
 */
export function TransportMenu(
  props: TriggerProps & {
    icon: ReactNode;
    value: string;
    heading: string;
    /** Extra classes of the trigger (e.g. its colour, a monospace value). */
    triggerClassName?: string;
    /** Tailwind min-width of the menu. */
    menuWidthClassName?: string;
    children: ReactNode;
  },
) {
  const { icon, value, heading, triggerClassName, menuWidthClassName, children, ...triggerProps } = props;
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        {...triggerProps}
        className={`inline-flex h-8 items-center gap-1 rounded px-2 text-xs hover:bg-ink-700 disabled:opacity-40 ${
          triggerClassName ?? "text-ink-300"
        }`}
      >
        {icon} {value}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          side="top"
          align="end"
          sideOffset={6}
          className={`z-50 ${menuWidthClassName ?? "min-w-32"} rounded border border-ink-600 bg-ink-850 p-1 text-sm text-ink-100 shadow-xl`}
        >
          <DropdownMenu.Label className="px-2 py-1 text-xs uppercase tracking-wide text-ink-400">{heading}</DropdownMenu.Label>
          {children}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

/** The look of every item of a transport menu (highlight, room for the check mark). */
export const TRANSPORT_MENU_ITEM_CLASS =
  "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 outline-none data-[highlighted]:bg-ink-700";

/** The check mark column of a checkable item. */
export function TransportMenuCheck() {
  return (
    <span className="w-4">
      <DropdownMenu.ItemIndicator>
        <Check size={14} aria-hidden />
      </DropdownMenu.ItemIndicator>
    </span>
  );
}
