import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "AXIOM", template: "%s · AXIOM" },
  description: "Self-hosted media review and approval",
  // public/: one SVG for browsers, PNGs rendered from it for home screens and iOS (public/README.md).
  icons: {
    icon: [{ url: "/favicon.svg", type: "image/svg+xml" }, { url: "/icon-192.png", sizes: "192x192", type: "image/png" }],
    apple: "/apple-touch-icon.png",
  },
  manifest: "/manifest.webmanifest",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Render every page per request, the 404 page included: the Content-Security-Policy's nonce
  // (proxy.ts) is new for each response, and a page prerendered at build time carries none, so
  // its scripts would be refused.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans text-sm antialiased">{children}</body>
    </html>
  );
}
