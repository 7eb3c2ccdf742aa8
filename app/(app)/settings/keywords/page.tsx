import { guardPage } from "@/lib/auth/page-guard";
import { keywordSettingsFor } from "@/lib/inbound";
import { AccessDenied } from "@/components/shell/access-denied";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { KeywordsForm } from "@/components/keywords/keywords-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Keywords" };

export default async function KeywordsPage() {
  const guard = await guardPage("workspace.manage");
  if (!guard.ok) return <AccessDenied what="change reply keywords" />;
  const settings = await keywordSettingsFor(guard.ctx.workspaceId);
  return (
    <Card>
      <CardHeader
        title="Reply keywords"
        description="When a recipient replies with one of these words (the whole message or its first word, any case, with or without accents), Postino acts at once and answers once."
      />
      <CardBody>
        <KeywordsForm initial={settings} />
      </CardBody>
    </Card>
  );
}
