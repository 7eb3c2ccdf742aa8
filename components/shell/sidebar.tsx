"use client";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import {
  Ban, BarChart3, Filter, MessageSquareText, Home, Image as ImageIcon, Inbox, LogOut, Menu, Phone, Plug, Send, Settings, Shield, Users, X, ChevronsUpDown, Check,
} from "lucide-react";
import * as Dropdown from "@radix-ui/react-dropdown-menu";
import { authClient } from "@/lib/auth/client";
import { can, ROLE_LABELS, type Role } from "@/lib/auth/roles";
import { cn } from "@/components/ui/cn";
import { Logo } from "./logo";
import { mainNav, settingsNav, type NavItem } from "./nav";

const icons = { home: Home, send: Send, users: Users, filter: Filter, image: ImageIcon, inbox: Inbox, chart: BarChart3, phone: Phone, settings: Settings, shield: Shield, plug: Plug, keyword: MessageSquareText, ban: Ban };

type Workspace = { id: string; name: string; role: string };

export function Sidebar({ role, user, workspaceId, workspaces }: { role: Role; user: { name: string; email: string }; workspaceId: string; workspaces: Workspace[] }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const visible = (items: NavItem[]) => items.filter((i) => !i.permission || can(role, i.permission));

  const link = (item: NavItem) => {
    const Icon = icons[item.icon as keyof typeof icons];
    const active = item.href === "/" ? pathname === "/" : pathname === item.href || pathname.startsWith(`${item.href}/`);
    const exact = item.href === "/settings" ? pathname === "/settings" : active;
    return (
      <Link
        key={item.href}
        href={item.href}
        onClick={() => setOpen(false)}
        aria-current={exact ? "page" : undefined}
        className={cn(
          "flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium",
          exact ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
        )}
      >
        <Icon className="h-4 w-4" aria-hidden />
        {item.label}
      </Link>
    );
  };

  const content = (
    <div className="flex h-full flex-col gap-4 p-4">
      <div className="flex items-center justify-between px-1">
        <Logo />
        <button className="rounded p-1 lg:hidden" onClick={() => setOpen(false)} aria-label="Close menu"><X className="h-5 w-5" /></button>
      </div>
      <WorkspaceSwitcher current={workspaceId} workspaces={workspaces} />
      <nav aria-label="Main" className="space-y-0.5">{visible(mainNav).map(link)}</nav>
      <div>
        <p className="px-3 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-400">Settings</p>
        <nav aria-label="Settings" className="space-y-0.5">{visible(settingsNav).map(link)}</nav>
      </div>
      <div className="mt-auto border-t border-slate-200 pt-3">
        <div className="px-3 text-sm">
          <p className="truncate font-medium text-slate-800">{user.name}</p>
          <p className="truncate text-xs text-slate-500">{user.email} · {ROLE_LABELS[role]}</p>
        </div>
        <SignOut />
      </div>
    </div>
  );

  return (
    <>
      <header className="sticky top-0 z-30 flex items-center justify-between border-b border-slate-200 bg-white px-4 py-3 lg:hidden">
        <Logo />
        <button onClick={() => setOpen(true)} className="rounded p-1" aria-label="Open menu"><Menu className="h-6 w-6" /></button>
      </header>
      <aside className="fixed inset-y-0 left-0 z-20 hidden w-64 border-r border-slate-200 bg-white lg:block">{content}</aside>
      {open ? (
        <div className="fixed inset-0 z-40 lg:hidden">
          <div className="absolute inset-0 bg-slate-900/40" onClick={() => setOpen(false)} />
          <aside className="absolute inset-y-0 left-0 w-72 bg-white shadow-xl">{content}</aside>
        </div>
      ) : null}
    </>
  );
}

function WorkspaceSwitcher({ current, workspaces }: { current: string; workspaces: Workspace[] }) {
  const router = useRouter();
  const active = workspaces.find((w) => w.id === current);
  async function choose(id: string) {
    await authClient.organization.setActive({ organizationId: id });
    router.push("/");
    router.refresh();
  }
  return (
    <Dropdown.Root>
      <Dropdown.Trigger className="flex w-full items-center justify-between rounded-lg border border-slate-200 px-3 py-2 text-left text-sm hover:bg-slate-50" aria-label="Switch workspace">
        <span className="truncate font-medium">{active?.name ?? "Workspace"}</span>
        <ChevronsUpDown className="h-4 w-4 text-slate-400" />
      </Dropdown.Trigger>
      <Dropdown.Portal>
        <Dropdown.Content align="start" sideOffset={4} className="z-50 w-60 rounded-lg border border-slate-200 bg-white p-1 shadow-lg">
          {workspaces.map((w) => (
            <Dropdown.Item key={w.id} onSelect={() => void choose(w.id)} className="flex cursor-pointer items-center justify-between rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100">
              <span className="truncate">{w.name}</span>
              {w.id === current ? <Check className="h-4 w-4 text-brand-600" /> : null}
            </Dropdown.Item>
          ))}
          <Dropdown.Separator className="my-1 h-px bg-slate-100" />
          <Dropdown.Item onSelect={() => router.push("/onboarding")} className="cursor-pointer rounded px-2 py-1.5 text-sm text-brand-700 outline-none data-[highlighted]:bg-slate-100">
            + New workspace
          </Dropdown.Item>
        </Dropdown.Content>
      </Dropdown.Portal>
    </Dropdown.Root>
  );
}

function SignOut() {
  const router = useRouter();
  return (
    <button
      className="mt-2 flex w-full items-center gap-3 rounded-lg px-3 py-2 text-sm text-slate-600 hover:bg-slate-100"
      onClick={async () => {
        await authClient.signOut();
        router.push("/sign-in");
        router.refresh();
      }}
    >
      <LogOut className="h-4 w-4" aria-hidden /> Sign out
    </button>
  );
}
