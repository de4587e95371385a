"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell } from "lucide-react";
import Link from "next/link";
import { errorMessage } from "@/lib/api-client/api-error";
import {
  fetchNotificationSettings,
  fetchNotifications,
  markNotificationsRead,
  saveNotificationSettings,
} from "@/lib/api-client/endpoints";
import type { EmailNotificationPreference, NotificationKind } from "@/db/enums";
import type { NotificationView } from "@/lib/notifications/notification-view.types";

// A light poll keeps the badge current on every page (a stream per user would be one more open
// connection per tab for a number that may wait a few seconds); opening the menu refetches at once.
const POLL_MS = 15_000;
const INBOX_KEY = ["notifications"] as const;
const SETTINGS_KEY = ["notification-settings"] as const;

const KIND_LABEL: Record<NotificationKind, string> = {
  version_ready: "Ready",
  version_failed: "Failed",
  comment: "Comment",
  reply: "Reply",
  mention: "Mentioned you",
  decision: "Decision",
};

// The per-user e-mail setting (docs/notifications.md, "E-mail"), in the order of how much mail it sends.
const EMAIL_CHOICES: Array<{ value: EmailNotificationPreference; label: string }> = [
  { value: "immediate", label: "Each one as it comes" },
  { value: "hourly", label: "An hourly digest of unread ones" },
  { value: "daily", label: "A daily digest of unread ones" },
  { value: "off", label: "Never (inbox only)" },
];

/** The header's inbox: unread count, the newest entries, mark read (one by opening it, or all). */
export function InboxMenu() {
  const queryClient = useQueryClient();
  const inbox = useQuery({ queryKey: INBOX_KEY, queryFn: fetchNotifications, refetchInterval: POLL_MS });
  const markRead = useMutation({
    mutationFn: markNotificationsRead,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: INBOX_KEY }),
  });
  const settings = useQuery({ queryKey: SETTINGS_KEY, queryFn: fetchNotificationSettings });
  const saveSettings = useMutation({
    mutationFn: saveNotificationSettings,
    onSuccess: (saved) => queryClient.setQueryData(SETTINGS_KEY, saved),
  });
  const unread = inbox.data?.unreadCount ?? 0;
  const entries = inbox.data?.notifications ?? [];

  return (
    <DropdownMenu.Root onOpenChange={(open) => open && void inbox.refetch()}>
      <DropdownMenu.Trigger
        className="relative inline-flex h-8 items-center gap-1.5 rounded px-2 text-ink-300 hover:bg-ink-800 hover:text-ink-100"
        aria-label={unread > 0 ? `Inbox, ${unread} unread` : "Inbox"}
        data-testid="inbox-button"
      >
        <Bell size={16} aria-hidden />
        <span
          data-testid="inbox-count"
          data-count={unread}
          className={unread > 0 ? "rounded-full bg-accent-500 px-1.5 text-xs font-semibold text-ink-950" : "sr-only"}
        >
          {unread}
        </span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={6}
          className="z-50 max-h-[70vh] w-96 overflow-auto rounded border border-ink-600 bg-ink-850 p-1 text-sm text-ink-100 shadow-xl"
          data-testid="inbox-list"
        >
          <div className="flex items-center justify-between px-2 py-1.5">
            <span className="font-medium">Inbox</span>
            <DropdownMenu.Item
              className="cursor-pointer rounded px-1.5 py-0.5 text-xs text-accent-400 outline-none data-[disabled]:cursor-default data-[highlighted]:bg-ink-700 data-[disabled]:opacity-50"
              disabled={unread === 0 || markRead.isPending}
              onSelect={(e) => {
                e.preventDefault();
                markRead.mutate({ all: true });
              }}
            >
              Mark all read
            </DropdownMenu.Item>
          </div>
          {inbox.isError && <p className="px-2 py-1.5 text-red-300">{errorMessage(inbox.error)}</p>}
          {markRead.isError && <p className="px-2 py-1.5 text-red-300">{errorMessage(markRead.error)}</p>}
          {entries.length === 0 && !inbox.isError && <p className="px-2 py-3 text-ink-400">Nothing yet.</p>}
          {settings.data && (
            <DropdownMenu.RadioGroup
              aria-label="E-mail me"
              value={settings.data.email}
              onValueChange={(value) => {
                const email = EMAIL_CHOICES.find((c) => c.value === value)?.value;
                if (email) saveSettings.mutate({ email });
              }}
              className="border-b border-ink-700 px-1 pb-1"
              data-testid="inbox-email-setting"
            >
              <DropdownMenu.Label className="px-1 pt-1 text-xs text-ink-400">E-mail me</DropdownMenu.Label>
              {EMAIL_CHOICES.map((choice) => (
                <DropdownMenu.RadioItem
                  key={choice.value}
                  value={choice.value}
                  disabled={saveSettings.isPending}
                  onSelect={(e) => e.preventDefault()}
                  className="flex cursor-pointer items-center gap-2 rounded px-2 py-1 text-xs text-ink-300 outline-none data-[highlighted]:bg-ink-700 data-[state=checked]:text-ink-100"
                >
                  <span aria-hidden className="w-3">
                    <DropdownMenu.ItemIndicator>•</DropdownMenu.ItemIndicator>
                  </span>
                  {choice.label}
                </DropdownMenu.RadioItem>
              ))}
            </DropdownMenu.RadioGroup>
          )}
          {saveSettings.isError && <p className="px-2 py-1.5 text-red-300">{errorMessage(saveSettings.error)}</p>}
          {entries.map((entry) => (
            <DropdownMenu.Item
              key={entry.id}
              asChild
              className="block rounded px-2 py-1.5 no-underline outline-none data-[highlighted]:bg-ink-700"
            >
              <Link
                href={entry.href}
                data-testid="inbox-entry"
                data-kind={entry.kind}
                data-read={entry.readAt !== null}
                onClick={() => entry.readAt === null && markRead.mutate({ ids: [entry.id] })}
              >
                <EntryText entry={entry} />
              </Link>
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

function EntryText({ entry }: { entry: NotificationView }) {
  const where = [entry.projectName, entry.assetName, entry.versionNumber !== null ? `v${entry.versionNumber}` : null]
    .filter(Boolean)
    .join(" · ");
  return (
    <span className="flex flex-col gap-0.5">
      <span className="flex items-center gap-2 text-xs text-ink-400">
        {entry.readAt === null && (
          <>
            <span className="h-1.5 w-1.5 rounded-full bg-accent-500" aria-hidden />
            <span className="sr-only">Unread:</span>
          </>
        )}
        <span className="font-medium text-ink-200">{KIND_LABEL[entry.kind]}</span>
        {entry.actorName && <span>{entry.actorName}</span>}
        <span className="ml-auto tabular-nums">{entry.occurredAt.slice(0, 16).replace("T", " ")}</span>
      </span>
      <span className="line-clamp-2 text-ink-100">{entry.summary}</span>
      <span className="truncate text-xs text-ink-400">{where}</span>
    </span>
  );
}
