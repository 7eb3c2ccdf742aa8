import { exportRecipientsCsv } from "@/lib/campaigns/reports";
import { getCampaign } from "@/lib/campaigns/drafts";
import { withMember } from "@/lib/http/route";

export const GET = withMember("reports.read", async ({ ctx, params }) => {
  const c = await getCampaign(ctx.workspaceId, String(params.id));
  const rows = exportRecipientsCsv(ctx.workspaceId, c.id);
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await rows.next();
      if (done) controller.close();
      else controller.enqueue(enc.encode(value));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  const file = `${c.name.replace(/[^\w.-]+/g, "_").slice(0, 60) || "campaign"}-recipients.csv`;
  return new Response(stream, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${file}"`, "cache-control": "no-store" } });
});
