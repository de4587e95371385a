"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { DECISION_ACTION_LABEL, REVIEW_STATE_CLASS, REVIEW_STATE_LABEL } from "@/lib/decisions/review-labels";
import { errorMessage, postDecision, type Decision, type DecisionRow, type ReviewState } from "./review-api";

const BUTTON_CLASS: Record<Decision, string> = {
  APPROVED: "border-emerald-700 bg-emerald-900/60 text-emerald-100 hover:bg-emerald-800",
  CHANGES_REQUESTED: "border-amber-700 bg-amber-900/50 text-amber-100 hover:bg-amber-800",
  REJECTED: "border-red-800 bg-red-950 text-red-100 hover:bg-red-900",
};

export interface DecisionBarProps {
  versionId: string;
  versionLabel: string;
  reviewState: ReviewState | null;
  decisions: readonly DecisionRow[];
  canDecide: boolean;
  decideReason: string | null;
}

/** Current decision and the three decision buttons; disabled with a visible reason when not allowed. */
export function DecisionBar(props: DecisionBarProps) {
  const [pending, setPending] = useState<Decision | null>(null);
  // The dialog has no Radix Trigger (three buttons open it), so it is told where focus goes back.
  const openerRef = useRef<HTMLButtonElement | null>(null);
  const current = props.decisions[props.decisions.length - 1] ?? null;
  const reason = props.canDecide ? null : (props.decideReason ?? "You cannot decide on this version.");

  return (
    <div className="flex items-center gap-2">
      {props.reviewState && (
        <span
          data-testid="review-state"
          data-state={props.reviewState}
          className={`rounded border px-2 py-0.5 text-xs font-medium ${REVIEW_STATE_CLASS[props.reviewState]}`}
          title={current ? `${REVIEW_STATE_LABEL[props.reviewState]} by ${current.decidedBy?.name ?? "someone"}` : undefined}
        >
          {REVIEW_STATE_LABEL[props.reviewState]}
        </span>
      )}
      <div role="group" aria-label="Decision" aria-describedby={reason ? "decide-reason" : undefined} className="flex gap-1">
        {(Object.keys(DECISION_ACTION_LABEL) as Decision[]).map((d) => (
          <button
            key={d}
            type="button"
            disabled={!props.canDecide}
            title={reason ?? `${DECISION_ACTION_LABEL[d]} ${props.versionLabel}`}
            onClick={(e) => {
              openerRef.current = e.currentTarget;
              setPending(d);
            }}
            className={`inline-flex items-center rounded border px-2.5 py-1 text-xs font-medium disabled:cursor-not-allowed disabled:opacity-45 ${BUTTON_CLASS[d]}`}
          >
            {DECISION_ACTION_LABEL[d]}
          </button>
        ))}
      </div>
      {reason && (
        <span id="decide-reason" data-testid="decide-reason" className="max-w-56 truncate text-xs text-ink-400" title={reason}>
          {reason}
        </span>
      )}
      <DecisionDialog
        decision={pending}
        versionId={props.versionId}
        versionLabel={props.versionLabel}
        onClose={() => setPending(null)}
        returnFocusTo={openerRef}
      />
    </div>
  );
}

function DecisionDialog(props: {
  decision: Decision | null;
  versionId: string;
  versionLabel: string;
  onClose: () => void;
  returnFocusTo: React.RefObject<HTMLButtonElement | null>;
}) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState("");
  const decide = useMutation({
    mutationFn: (input: { decision: Decision; note: string }) => postDecision(props.versionId, input.decision, input.note.trim() || undefined),
    onSuccess: async () => {
      setNote("");
      props.onClose();
      await queryClient.invalidateQueries({ queryKey: ["review"] });
    },
  });
  const open = props.decision !== null;
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (!next) {
          decide.reset();
          props.onClose();
        }
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/60" />
        <Dialog.Content
          className="fixed left-1/2 top-1/3 z-50 w-[28rem] -translate-x-1/2 rounded border border-ink-600 bg-ink-900 p-4 shadow-2xl"
          onCloseAutoFocus={(e) => {
            const opener = props.returnFocusTo.current;
            if (opener && opener.isConnected) {
              e.preventDefault();
              opener.focus();
            }
          }}
        >
          <Dialog.Title className="text-base font-semibold">
            {props.decision ? `${DECISION_ACTION_LABEL[props.decision]} ${props.versionLabel}` : ""}
          </Dialog.Title>
          <Dialog.Description className="mt-1 text-ink-300">The decision and its note are kept in the review history.</Dialog.Description>
          <form
            className="mt-3"
            onSubmit={(e) => {
              e.preventDefault();
              if (props.decision) decide.mutate({ decision: props.decision, note });
            }}
          >
            <label htmlFor="decision-note" className="mb-1 block text-ink-300">
              Note (optional)
            </label>
            <textarea id="decision-note" rows={3} maxLength={5000} value={note} onChange={(e) => setNote(e.target.value)} className="input resize-none" />
            {decide.isError && (
              <p role="alert" className="mt-2 text-red-300">
                {errorMessage(decide.error)}
              </p>
            )}
            <div className="mt-3 flex justify-end gap-2">
              <Dialog.Close asChild>
                <button type="button" className="btn">
                  Cancel
                </button>
              </Dialog.Close>
              <button type="submit" className="btn-primary" disabled={decide.isPending}>
                {decide.isPending ? "Saving…" : `Confirm: ${props.decision ? DECISION_ACTION_LABEL[props.decision] : ""}`}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** Every decision, newest first. */
export function DecisionHistory({ decisions }: { decisions: readonly DecisionRow[] }) {
  if (decisions.length === 0) return <p className="p-3 text-ink-400">No decision yet: this version is in review.</p>;
  return (
    <ol className="divide-y divide-ink-800" data-testid="decision-history">
      {[...decisions].reverse().map((d, i) => (
        <li key={d.id} className="px-3 py-2.5">
          <div className="flex items-baseline gap-2">
            <span className={`rounded border px-1.5 py-0.5 text-xs font-medium ${REVIEW_STATE_CLASS[d.decision]}`}>{REVIEW_STATE_LABEL[d.decision]}</span>
            {i === 0 && <span className="text-xs text-ink-400">current</span>}
            <span className="ml-auto text-xs text-ink-400">{new Date(d.createdAt).toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" })}</span>
          </div>
          <p className="mt-1 text-ink-300">by {d.decidedBy?.name ?? "unknown"}</p>
          {d.note && <p className="mt-1 whitespace-pre-wrap break-words text-ink-100">{d.note}</p>}
        </li>
      ))}
    </ol>
  );
}
