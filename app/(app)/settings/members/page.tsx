import { requireMember } from "@/lib/auth/context";
import { can, ROLE_LABELS, isRole } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { InviteMember, MemberActions, InvitationLink } from "@/components/settings/members";

export const dynamic = "force-dynamic";
export const metadata = { title: "Members and roles" };

export default async function MembersPage() {
  const ctx = await requireMember("workspace.read");
  const manage = can(ctx.role, "members.manage");
  const [members, invitations] = await Promise.all([
    db.member.findMany({ where: { workspaceId: ctx.workspaceId }, include: { user: { select: { name: true, email: true } } }, orderBy: { createdAt: "asc" } }),
    manage ? db.invitation.findMany({ where: { workspaceId: ctx.workspaceId, status: "pending", expiresAt: { gt: new Date() } }, orderBy: { createdAt: "desc" } }) : [],
  ]);
  return (
    <div className="space-y-6">
      {manage ? (
        <Card>
          <CardHeader title="Invite someone" description="They get a link to join this workspace with the role you choose. Agents answer customers; marketers run campaigns; viewers only look." />
          <CardBody><InviteMember /></CardBody>
        </Card>
      ) : null}
      <Card>
        <CardHeader title="Members" description={`${members.length} ${members.length === 1 ? "person" : "people"} in ${ctx.workspaceName}`} />
        <Table>
          <thead><tr><Th>Name</Th><Th>E-mail</Th><Th>Role</Th>{manage ? <Th className="text-right">Actions</Th> : null}</tr></thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <Td className="font-medium">{m.user.name}{m.userId === ctx.user.id ? <span className="ml-2 text-xs text-slate-400">(you)</span> : null}</Td>
                <Td className="text-slate-600">{m.user.email}</Td>
                <Td><Badge tone={m.role === "owner" ? "violet" : m.role === "admin" ? "blue" : "gray"}>{isRole(m.role) ? ROLE_LABELS[m.role] : m.role}</Badge></Td>
                {manage ? <Td className="text-right">{m.userId !== ctx.user.id && m.role !== "owner" ? <MemberActions memberId={m.id} role={m.role} /> : null}</Td> : null}
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
      {invitations.length ? (
        <Card>
          <CardHeader title="Pending invitations" description="Share the link with the person invited; it works once, for that e-mail address." />
          <Table>
            <thead><tr><Th>E-mail</Th><Th>Role</Th><Th>Link</Th></tr></thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id}>
                  <Td>{i.email}</Td>
                  <Td>{i.role && isRole(i.role) ? ROLE_LABELS[i.role] : i.role}</Td>
                  <Td><InvitationLink id={i.id} /></Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      ) : null}
    </div>
  );
}
