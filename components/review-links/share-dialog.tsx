"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Share2 } from "lucide-react";
import { useId, useState } from "react";
import { errorMessage } from "@/lib/api-client/api-error";
import { createReviewLink, type NewReviewLink } from "@/lib/api-client/endpoints";
import { reviewLinkKeys } from "./review-link-keys";

/** What is shared: one version or one playlist. */
export type ShareTarget = { versionId: string } | { playlistId: string };

/** Seven days from now as a date input's value (YYYY-MM-DD). */
function defaultExpiryDate(now = new Date()): string {
  return new Date(now.getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The Share dialog (producers, docs/review-links.md): a name, an expiry date, an optional
 * passphrase, whether guests may comment or download the proxy, the watermark (on by default).
 * Once created it shows the link — the only time the token is ever shown — with a Copy button.
 */
export function ShareDialog(props: { projectId: string; target: ShareTarget; defaultName: string }) {
  const queryClient = useQueryClient();
  const id = useId();
  const [name, setName] = useState(props.defaultName);
  const [expiresOn, setExpiresOn] = useState(defaultExpiryDate);
  const [passphrase, setPassphrase] = useState("");
  const [allowComments, setAllowComments] = useState(true);
  const [allowDownload, setAllowDownload] = useState(false);
  const [watermark, setWatermark] = useState(true);
  const [copied, setCopied] = useState(false);
  const create = useMutation({
    mutationFn: () => {
      // The end of the chosen day in the producer's time zone.
      const expiresAt = new Date(`${expiresOn}T23:59:59`).toISOString();
      const link: NewReviewLink = { name, ...props.target, expiresAt, allowComments, allowDownload, watermark, ...(passphrase && { passphrase }) };
      return createReviewLink(props.projectId, link);
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: reviewLinkKeys.project(props.projectId) }),
  });
  const reset = (open: boolean) => {
    if (open) return;
    create.reset();
    setPassphrase("");
    setCopied(false);
  };
  const field = "h-8 w-full rounded border border-ink-600 bg-ink-950 px-2 text-sm";
  return (
    <Dialog.Root onOpenChange={reset}>
      <Dialog.Trigger className="btn inline-flex items-center gap-1.5" data-testid="share-open">
        <Share2 size={14} aria-hidden /> Share
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/60" />
        <Dialog.Content className="fixed left-1/2 top-[12%] z-50 w-[28rem] -translate-x-1/2 rounded border border-ink-600 bg-ink-900 p-4 shadow-2xl">
          <Dialog.Title className="text-base font-semibold">Share a review link</Dialog.Title>
          <Dialog.Description className="mt-1 text-ink-300">
            Guests outside the studio watch {"versionId" in props.target ? "this version" : "this playlist"} without an account.
          </Dialog.Description>
          {create.data ? (
            <div className="mt-3 space-y-2">
              <label htmlFor={`${id}-url`} className="block text-ink-200">
                Link (shown once: copy it now)
              </label>
              <input id={`${id}-url`} readOnly value={create.data.url} className={field} data-testid="share-url" onFocus={(e) => e.target.select()} />
              <div className="flex gap-2">
                <button
                  type="button"
                  className="btn"
                  onClick={() => void navigator.clipboard?.writeText(create.data.url).then(() => setCopied(true))}
                >
                  {copied ? "Copied" : "Copy link"}
                </button>
                <Dialog.Close className="btn">Done</Dialog.Close>
              </div>
            </div>
          ) : (
            <form
              className="mt-3 space-y-3"
              onSubmit={(e) => {
                e.preventDefault();
                create.mutate();
              }}
            >
              <div>
                <label htmlFor={`${id}-name`} className="mb-1 block text-ink-200">
                  Name
                </label>
                <input id={`${id}-name`} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} className={field} />
              </div>
              <div>
                <label htmlFor={`${id}-expires`} className="mb-1 block text-ink-200">
                  Expires at the end of
                </label>
                <input id={`${id}-expires`} type="date" required value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} className={field} />
              </div>
              <div>
                <label htmlFor={`${id}-passphrase`} className="mb-1 block text-ink-200">
                  Passphrase <span className="text-ink-400">(optional, 6 characters or more)</span>
                </label>
                <input
                  id={`${id}-passphrase`}
                  type="password"
                  autoComplete="new-password"
                  minLength={6}
                  maxLength={200}
                  value={passphrase}
                  onChange={(e) => setPassphrase(e.target.value)}
                  className={field}
                />
              </div>
              <fieldset className="space-y-1">
                <legend className="mb-1 text-ink-200">Guests may</legend>
                <Check label="Comment on frames and ranges" checked={allowComments} onChange={setAllowComments} />
                <Check label="Download the proxy (never the master)" checked={allowDownload} onChange={setAllowDownload} />
                <Check label="Watermark playback with the guest's name and the time" checked={watermark} onChange={setWatermark} />
              </fieldset>
              {create.isError && (
                <p role="alert" className="text-red-400">
                  {errorMessage(create.error)}
                </p>
              )}
              <div className="flex gap-2">
                <button type="submit" className="btn" disabled={create.isPending || !name.trim()}>
                  Create link
                </button>
                <Dialog.Close className="btn">Cancel</Dialog.Close>
              </div>
            </form>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function Check(props: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="flex items-center gap-2 text-ink-100">
      <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      {props.label}
    </label>
  );
}
