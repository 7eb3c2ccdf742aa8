import type { ReactNode } from "react";
import { Logo } from "@/components/shell/logo";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-full flex-col items-center justify-center bg-gradient-to-b from-brand-50 to-slate-50 px-4 py-12">
      <div className="mb-8"><Logo size="lg" /></div>
      <div className="w-full max-w-sm rounded-2xl border border-slate-200 bg-white p-7 shadow-sm">{children}</div>
      <p className="mt-8 max-w-sm text-center text-xs text-slate-500">Picture, sound and video messages to the phones of your customers, voters and community.</p>
    </main>
  );
}
