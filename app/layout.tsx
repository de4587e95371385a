import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "AXIOM", template: "%s · AXIOM" },
  description: "Self-hosted media review and approval",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans text-sm antialiased">{children}</body>
    </html>
  );
}
