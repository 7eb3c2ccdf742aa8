"use client";
// The visual rule builder: a group holds conditions and nested groups, combined as all/any/none of.
// Every condition kind of lib/segments/rules.ts has its editor here; the tree is edited immutably
// and handed up on each change (the parent debounces the live count).
import { Plus, Trash2 } from "lucide-react";
import { useEffect, useState } from "react";
import { ATTRIBUTE_OPS, CONSENT_STATES, HANDSET_CLASSES, type Condition, type Group } from "@/lib/segments/rules";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { CONSENT_LABEL, HANDSET_LABEL } from "@/components/contacts/format";
import { KIND_LABEL, MODE_LABEL, OP_LABEL, emptyGroup, fresh, modeOf, withMode, type Kind, type Mode } from "./conditions";

export type Pickers = { attributes: string[]; tags: string[]; campaigns: Array<{ id: string; name: string }> };

const MAX_DEPTH = 6;

export function GroupEditor({ group, onChange, onRemove, pickers, depth = 1 }: { group: Group; onChange: (g: Group) => void; onRemove?: () => void; pickers: Pickers; depth?: number }) {
  const setChild = (i: number, n: Group | Condition) => onChange({ ...group, children: group.children.map((c, k) => (k === i ? n : c)) });
  const removeChild = (i: number) => onChange({ ...group, children: group.children.filter((_, k) => k !== i) });
  const add = (n: Group | Condition) => onChange({ ...group, children: [...group.children, n] });
  return (
    <div className={depth > 1 ? "rounded-lg border border-slate-200 bg-slate-50/60 p-3" : "space-y-3"} data-testid="rule-group">
      <div className="mb-3 flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-600">{depth === 1 ? "Contacts matching" : "Matching"}</span>
        <Select className="h-8 w-36 py-1" value={modeOf(group)} onChange={(e) => onChange(withMode(group, e.target.value as Mode))} aria-label="Combine conditions">
          {(Object.keys(MODE_LABEL) as Mode[]).map((m) => <option key={m} value={m}>{MODE_LABEL[m]}</option>)}
        </Select>
        <span className="text-slate-600">these conditions</span>
        {onRemove ? <button className="ml-auto text-slate-400 hover:text-red-600" onClick={onRemove} aria-label="Remove group"><Trash2 className="h-4 w-4" /></button> : null}
      </div>
      <div className="space-y-2">
        {group.children.map((c, i) =>
          c.kind === "group" ? (
            <GroupEditor key={i} group={c} onChange={(g) => setChild(i, g)} onRemove={() => removeChild(i)} pickers={pickers} depth={depth + 1} />
          ) : (
            <ConditionEditor key={i} condition={c} onChange={(n) => setChild(i, n)} onRemove={() => removeChild(i)} pickers={pickers} />
          ),
        )}
        {!group.children.length ? <p className="text-sm text-slate-500">{depth === 1 ? "No condition yet: every contact matches. Add one below." : "Empty group."}</p> : null}
      </div>
      <div className="mt-3 flex flex-wrap gap-2">
        <Select className="h-8 w-auto py-1" value="" onChange={(e) => { if (e.target.value) add(fresh(e.target.value as Kind)); }} aria-label={depth === 1 ? "Add a condition" : "Add a condition to this group"}>
          <option value="">+ Add a condition…</option>
          {(Object.keys(KIND_LABEL) as Kind[]).map((k) => <option key={k} value={k}>{KIND_LABEL[k]}</option>)}
        </Select>
        {depth < MAX_DEPTH ? <Button size="sm" variant="ghost" onClick={() => add({ ...emptyGroup(), combinator: group.combinator === "and" ? "or" : "and" })}><Plus className="h-4 w-4" aria-hidden />Add a group</Button> : null}
      </div>
    </div>
  );
}

function ConditionEditor({ condition: c, onChange, onRemove, pickers }: { condition: Condition; onChange: (c: Condition) => void; onRemove: () => void; pickers: Pickers }) {
  return (
    <div className="flex flex-wrap items-center gap-2 rounded-lg border border-slate-200 bg-white p-2" data-testid="condition">
      <span className="rounded bg-slate-100 px-2 py-1 text-xs font-medium text-slate-600">{KIND_LABEL[c.kind].split(" (")[0]}</span>
      <ConditionFields c={c} onChange={onChange} pickers={pickers} />
      <button className="ml-auto text-slate-400 hover:text-red-600" onClick={onRemove} aria-label="Remove condition"><Trash2 className="h-4 w-4" /></button>
    </div>
  );
}

const small = "h-8 w-auto py-1";

function Ops({ ops, value, onChange }: { ops: readonly string[]; value: string; onChange: (op: string) => void }) {
  return (
    <Select className={small} value={value} onChange={(e) => onChange(e.target.value)} aria-label="Operator">
      {ops.map((o) => <option key={o} value={o}>{OP_LABEL[o] ?? o}</option>)}
    </Select>
  );
}

/** A comma-separated list typed freely; the parsed list goes up, the text stays as typed. */
function ListInput({ value, onChange, label, placeholder, upper, list }: { value: string[]; onChange: (v: string[]) => void; label: string; placeholder?: string; upper?: boolean; list?: string }) {
  const parse = (t: string) => t.split(",").map((s) => (upper ? s.trim().toUpperCase() : s.trim())).filter(Boolean);
  const [text, setText] = useState(value.join(", "));
  useEffect(() => {
    if (parse(text).join("\u0000") !== value.join("\u0000")) setText(value.join(", "));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return <Input className="h-8 w-48" value={text} onChange={(e) => { setText(e.target.value); onChange(parse(e.target.value)); }} aria-label={label} placeholder={placeholder} list={list} />;
}

function Checks<T extends string>({ all, value, onChange, labels, name }: { all: readonly T[]; value: T[]; onChange: (v: T[]) => void; labels: Record<string, string>; name: string }) {
  return (
    <span className="flex flex-wrap gap-3 text-sm" role="group" aria-label={name}>
      {all.map((s) => (
        <label key={s} className="flex items-center gap-1.5">
          <input type="checkbox" checked={value.includes(s)} onChange={(e) => onChange(e.target.checked ? [...value, s] : value.filter((x) => x !== s))} />
          {labels[s] ?? s}
        </label>
      ))}
    </span>
  );
}

const NO_VALUE = new Set(["is_set", "is_not_set", "is_true", "is_false"]);
const LIST_OPS = new Set(["in", "not_in", "includes", "not_includes"]);

function ConditionFields({ c, onChange, pickers }: { c: Condition; onChange: (c: Condition) => void; pickers: Pickers }) {
  switch (c.kind) {
    case "attribute": {
      const ops = ATTRIBUTE_OPS[c.type] as readonly string[];
      const listOp = LIST_OPS.has(c.op);
      const asList = Array.isArray(c.value) ? c.value.map(String) : c.value === undefined || c.value === "" ? [] : [String(c.value)];
      const inputType = c.type === "date" && !c.op.includes("within") ? "date" : c.type === "number" || c.op.includes("within") ? "number" : "text";
      return (
        <>
          <Input className="h-8 w-40" value={c.key} onChange={(e) => onChange({ ...c, key: e.target.value })} aria-label="Attribute" placeholder="attribute" list="segment-attributes" />
          <Select className={small} value={c.type} onChange={(e) => { const type = e.target.value as typeof c.type; onChange({ ...c, type, op: (ATTRIBUTE_OPS[type] as readonly string[])[0]!, value: "", value2: undefined }); }} aria-label="Attribute type">
            <option value="text">text</option><option value="number">number</option><option value="date">date</option><option value="boolean">yes/no</option><option value="list">list</option>
          </Select>
          <Ops ops={ops} value={c.op} onChange={(op) => onChange({ ...c, op, value: LIST_OPS.has(op) ? asList : NO_VALUE.has(op) ? undefined : asList[0] ?? "", value2: op === "between" ? c.value2 : undefined })} />
          {NO_VALUE.has(c.op) ? null : listOp ? (
            <ListInput value={asList} onChange={(v) => onChange({ ...c, value: v })} label="Values" placeholder="a, b, c" />
          ) : (
            <Input className="h-8 w-36" type={inputType} value={Array.isArray(c.value) ? c.value.join(", ") : String(c.value ?? "")} onChange={(e) => onChange({ ...c, value: e.target.value })} aria-label="Value" />
          )}
          {c.op === "between" ? <><span className="text-sm text-slate-500">and</span><Input className="h-8 w-36" type={inputType} value={String(c.value2 ?? "")} onChange={(e) => onChange({ ...c, value2: e.target.value })} aria-label="Second value" /></> : null}
        </>
      );
    }
    case "field":
      return (
        <>
          <Select className={small} value={c.field} onChange={(e) => onChange({ ...c, field: e.target.value as typeof c.field })} aria-label="Field">
            <option value="firstName">First name</option><option value="lastName">Last name</option><option value="phone">Number</option><option value="locale">Language</option>
          </Select>
          <Ops ops={["equals", "not_equals", "contains", "starts_with", "is_set", "is_not_set"]} value={c.op} onChange={(op) => onChange({ ...c, op: op as typeof c.op })} />
          {NO_VALUE.has(c.op) ? null : <Input className="h-8 w-40" value={c.value ?? ""} onChange={(e) => onChange({ ...c, value: e.target.value })} aria-label="Value" />}
        </>
      );
    case "tag": {
      const tags = Array.isArray(c.value) ? c.value : c.value ? [c.value] : [];
      return (
        <>
          <Ops ops={["has", "has_not", "has_any", "has_all", "has_none"]} value={c.op} onChange={(op) => onChange({ ...c, op: op as typeof c.op })} />
          <ListInput value={tags} onChange={(v) => onChange({ ...c, value: v.length === 1 ? v[0]! : v.length ? v : "" })} label="Tags" placeholder="volunteer" list="segment-tags" />
        </>
      );
    }
    case "consent":
      return (
        <>
          <Ops ops={["in", "not_in"]} value={c.op} onChange={(op) => onChange({ ...c, op: op as typeof c.op })} />
          <Checks all={CONSENT_STATES} value={c.value} onChange={(v) => onChange({ ...c, value: v })} labels={CONSENT_LABEL} name="Consent states" />
        </>
      );
    case "country":
      return (
        <>
          <Ops ops={["in", "not_in"]} value={c.op} onChange={(op) => onChange({ ...c, op: op as typeof c.op })} />
          <ListInput value={c.value} onChange={(v) => onChange({ ...c, value: v })} label="Countries" placeholder="IT, FR" upper />
        </>
      );
    case "timeZone":
      return (
        <>
          <Ops ops={["is_set", "is_not_set", "in", "not_in"]} value={c.op} onChange={(op) => onChange({ ...c, op: op as typeof c.op, value: op === "in" || op === "not_in" ? c.value ?? [] : undefined })} />
          {c.op === "in" || c.op === "not_in" ? <ListInput value={c.value ?? []} onChange={(v) => onChange({ ...c, value: v })} label="Time zones" placeholder="Europe/Rome" /> : null}
        </>
      );
    case "handset":
      return (
        <>
          <Ops ops={["in", "not_in"]} value={c.op} onChange={(op) => onChange({ ...c, op: op as typeof c.op })} />
          <Checks all={HANDSET_CLASSES} value={c.value} onChange={(v) => onChange({ ...c, value: v })} labels={HANDSET_LABEL} name="Handset classes" />
        </>
      );
    case "created":
      return (
        <>
          <Ops ops={["within_last_days", "before", "after"]} value={c.op} onChange={(op) => onChange({ ...c, op: op as typeof c.op, value: op === "within_last_days" ? 30 : new Date().toISOString().slice(0, 10) })} />
          {c.op === "within_last_days"
            ? <Input className="h-8 w-24" type="number" min={1} value={String(c.value)} onChange={(e) => onChange({ ...c, value: Number(e.target.value) || 0 })} aria-label="Days" />
            : <Input className="h-8 w-40" type="date" value={String(c.value)} onChange={(e) => onChange({ ...c, value: e.target.value })} aria-label="Date" />}
        </>
      );
    case "engagement":
      return (
        <>
          <Select className={small} value={c.event} onChange={(e) => onChange({ ...c, event: e.target.value as typeof c.event })} aria-label="Event">
            <option value="received">received</option><option value="delivered">had delivered</option><option value="replied">replied to</option><option value="not_received">did not receive</option>
          </Select>
          <Select className="h-8 w-48 py-1" value={c.campaignId ?? ""} onChange={(e) => onChange({ ...c, campaignId: e.target.value || undefined })} aria-label="Campaign">
            <option value="">any campaign</option>
            {pickers.campaigns.map((k) => <option key={k.id} value={k.id}>{k.name}</option>)}
          </Select>
          <span className="text-sm text-slate-500">in the last</span>
          <Input className="h-8 w-20" type="number" min={1} value={c.withinDays ?? ""} onChange={(e) => onChange({ ...c, withinDays: Number(e.target.value) > 0 ? Math.floor(Number(e.target.value)) : undefined })} aria-label="Within days" placeholder="any" />
          <span className="text-sm text-slate-500">days</span>
        </>
      );
  }
}
