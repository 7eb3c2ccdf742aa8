import { ShieldAlert } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";

/** Shown when the server refuses a page to the current role (the API refuses with 403 too). */
export function AccessDenied({ what }: { what: string }) {
  return (
    <EmptyState icon={ShieldAlert} title="You do not have access to this page">
      Your role in this workspace does not allow you to {what}. Ask an owner or admin if you need it.
    </EmptyState>
  );
}
