import { requireMember } from "@/lib/auth/context";
import { can } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { WorkspaceSettingsForm } from "@/components/settings/workspace-settings-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Workspace settings" };

export default async function WorkspaceSettingsPage() {
  const ctx = await requireMember("workspace.read");
  const ws = await db.workspace.findUniqueOrThrow({ where: { id: ctx.workspaceId } });
  return (
    <Card>
      <CardHeader title="Workspace" description="The name your team sees, and the time zone used for reports and for recipients whose zone is unknown." />
      <CardBody>
        <WorkspaceSettingsForm initial={{ name: ws.name, timeZone: ws.timeZone }} canEdit={can(ctx.role, "workspace.manage")} />
      </CardBody>
    </Card>
  );
}
