"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Zap } from "lucide-react";
import { errorMessage, reviewKeys, setVersionUrgency } from "./review-api";

/**
 * A producer's "urgent" switch on a queued version: an urgent version is taken before every other
 * by the next free worker (docs/processing.md, "Queue order").
 */
export function UrgencyToggle({ versionId, isUrgent }: { versionId: string; isUrgent: boolean }) {
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: (next: boolean) => setVersionUrgency(versionId, next),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reviewKeys.review(versionId) }),
  });
  return (
    <div className="mt-4 flex flex-col items-center gap-2">
      <label className="inline-flex cursor-pointer items-center gap-2 text-ink-200">
        <input
          type="checkbox"
          checked={toggle.isPending ? toggle.variables : isUrgent}
          disabled={toggle.isPending}
          onChange={(e) => toggle.mutate(e.target.checked)}
        />
        <Zap size={14} aria-hidden className={isUrgent ? "text-amber-300" : "text-ink-400"} /> Urgent: process before other uploads
      </label>
      {toggle.isError && (
        <span role="alert" className="text-red-300">
          {errorMessage(toggle.error)}
        </span>
      )}
    </div>
  );
}
