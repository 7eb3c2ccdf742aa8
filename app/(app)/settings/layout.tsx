import type { ReactNode } from "react";
import { PageHeader } from "@/components/ui/page-header";

export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <div>
      <PageHeader title="Settings" description="Your workspace, the people in it, and how Postino reaches the carriers." />
      {children}
    </div>
  );
}
