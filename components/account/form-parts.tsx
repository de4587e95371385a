import type { InputHTMLAttributes } from "react";

/**
 * The parts of the account forms (sign in, forgot password, set and change password): one labelled
 * field, the error under the fields, and the submit button that says what it is doing.
 */

/** A labelled input; `name`, `type`, `autoComplete` and the rest go to the input. */
export function FormField({ label, ...input }: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="block">
      <span className="mb-1 block text-ink-300">{label}</span>
      <input {...input} className="input" />
    </label>
  );
}

/** Why the last submit failed, read out when it appears; nothing when there is none. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded border border-red-900 bg-red-950/60 px-3 py-2 text-red-200">
      {message}
    </p>
  );
}

/** The submit button: disabled and saying `pendingLabel` while the form is sent. */
export function SubmitButton(props: { isPending: boolean; label: string; pendingLabel: string; isFullWidth?: boolean }) {
  return (
    <button type="submit" disabled={props.isPending} className={props.isFullWidth ? "btn-primary w-full" : "btn-primary"}>
      {props.isPending ? props.pendingLabel : props.label}
    </button>
  );
}
