"use client";
// Pick a test number, watch its alerts arrive (polling), open a message as the handset renders it, reply.
import { useMemo, useState } from "react";
import { Search } from "lucide-react";
import type { TestPhone } from "@/lib/phones/service";
import { Input } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import { Handset } from "./handset";

export function PhonesView({ phones }: { phones: TestPhone[] }) {
  const [selected, setSelected] = useState<string>(phones[0]?.id ?? "");
  const [q, setQ] = useState("");
  const shown = useMemo(() => {
    const t = q.trim().toLowerCase();
    return t ? phones.filter((p) => p.phone.includes(t) || p.name.toLowerCase().includes(t)) : phones;
  }, [phones, q]);
  const current = phones.find((p) => p.id === selected);
  return (
    <div className="grid gap-6 lg:grid-cols-[18rem_1fr]">
      <div className="space-y-3">
        <label className="relative block">
          <span className="sr-only">Find a test phone</span>
          <Search className="pointer-events-none absolute left-3 top-3 h-4 w-4 text-slate-400" aria-hidden />
          <Input value={q} onChange={(e) => setQ(e.target.value)} placeholder="Number or name" className="pl-9" />
        </label>
        <ul className="max-h-[28rem] overflow-auto rounded-xl border border-slate-200 bg-white" aria-label="Test phones">
          {shown.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                onClick={() => setSelected(p.id)}
                aria-pressed={p.id === selected}
                className={cn("flex w-full flex-col items-start border-b border-slate-100 px-4 py-2.5 text-left text-sm hover:bg-slate-50", p.id === selected && "bg-brand-50")}
              >
                <span className="font-medium text-slate-900">{p.phone}</span>
                <span className="text-xs text-slate-500">{p.name || "No name"}</span>
              </button>
            </li>
          ))}
          {shown.length === 0 ? <li className="px-4 py-3 text-sm text-slate-500">No number matches.</li> : null}
        </ul>
      </div>
      {current ? <Handset key={current.id} phone={current} /> : null}
    </div>
  );
}
