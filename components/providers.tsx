"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";

/**
 * Client-side data layer for interactive pages. One QueryClient per mounted tree (not a module
 * singleton) so server rendering never shares cache between requests.
 */
export function Providers({ children }: { children: React.ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            // Review data changes under other users' hands; polling keeps it fresh, so a short
            // stale time is enough to dedupe the mount-time burst of identical requests.
            staleTime: 1000,
            retry: 1,
            refetchOnWindowFocus: true,
          },
        },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
