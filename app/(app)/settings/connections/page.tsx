import { guardPage } from "@/lib/auth/page-guard";
import { config } from "@/lib/config";
import { listConnections } from "@/lib/carrier/connections";
import { AccessDenied } from "@/components/shell/access-denied";
import { ConnectionsManager } from "@/components/connections/connections-manager";
import type { ConnectionView } from "@/components/connections/types";

export const dynamic = "force-dynamic";
export const metadata = { title: "Carrier connections" };

export default async function ConnectionsPage() {
  const guard = await guardPage("connections.manage");
  if (!guard.ok) return <AccessDenied what="manage carrier connections" />;
  const rows = await listConnections(guard.ctx.workspaceId);
  // Plain JSON for the client component: dates as strings, nothing secret (listConnections omits it).
  const initial = JSON.parse(JSON.stringify(rows)) as ConnectionView[];
  return <ConnectionsManager initial={initial} simulatorUrl={`${config().MMSC_URL.replace(/\/$/, "")}/mm7`} />;
}
