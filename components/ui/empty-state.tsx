import type { ReactNode } from "react";
import type { LucideIcon } from "lucide-react";

/** What a newcomer sees on an empty page: what this is for, and the first thing to do. */
export function EmptyState({ icon: Icon, title, children, action }: { icon: LucideIcon; title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center rounded-xl border border-dashed border-slate-300 bg-white px-6 py-14 text-center">
      <div className="mb-4 rounded-full bg-brand-50 p-3 text-brand-600">
        <Icon className="h-6 w-6" aria-hidden />
      </div>
      <h2 className="text-lg font-semibold text-slate-900">{title}</h2>
      <div className="mt-2 max-w-md text-sm text-slate-500">{children}</div>
      {action ? <div className="mt-6">{action}</div> : null}
    </div>
  );
}
