"use client";

import { useState } from "react";
import { errorMessage } from "@/lib/api-client/api-error";

/** The guest's first steps: a passphrase (when the link has one), then a name and an optional e-mail. */
export function PassphraseForm(props: { onSubmit: (passphrase: string) => Promise<void> }) {
  const [passphrase, setPassphrase] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        props.onSubmit(passphrase).catch((err: unknown) => setError(errorMessage(err))).finally(() => setBusy(false));
      }}
    >
      <label htmlFor="guest-passphrase" className="block text-ink-200">
        Passphrase
      </label>
      <input
        id="guest-passphrase"
        type="password"
        autoComplete="off"
        required
        autoFocus
        value={passphrase}
        onChange={(e) => setPassphrase(e.target.value)}
        className="h-9 w-full rounded border border-ink-600 bg-ink-950 px-2"
      />
      {error && (
        <p role="alert" className="text-red-400">
          {error}
        </p>
      )}
      <button type="submit" className="btn" disabled={isBusy || !passphrase}>
        Continue
      </button>
    </form>
  );
}

export function NameForm(props: { onSubmit: (who: { name: string; email?: string }) => Promise<void> }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        props
          .onSubmit({ name: name.trim(), ...(email.trim() && { email: email.trim() }) })
          .catch((err: unknown) => setError(errorMessage(err)))
          .finally(() => setBusy(false));
      }}
    >
      <p className="text-ink-300">Your name goes with your comments and on the picture while you watch.</p>
      <div>
        <label htmlFor="guest-name" className="mb-1 block text-ink-200">
          Your name
        </label>
        <input
          id="guest-name"
          required
          autoFocus
          maxLength={100}
          autoComplete="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          className="h-9 w-full rounded border border-ink-600 bg-ink-950 px-2"
        />
      </div>
      <div>
        <label htmlFor="guest-email" className="mb-1 block text-ink-200">
          E-mail <span className="text-ink-400">(optional)</span>
        </label>
        <input
          id="guest-email"
          type="email"
          maxLength={254}
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          className="h-9 w-full rounded border border-ink-600 bg-ink-950 px-2"
        />
      </div>
      {error && (
        <p role="alert" className="text-red-400">
          {error}
        </p>
      )}
      <button type="submit" className="btn" disabled={isBusy || !name.trim()}>
        Start watching
      </button>
    </form>
  );
}
