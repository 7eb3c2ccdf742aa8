import { bigId, withMember } from "@/lib/http/route";
import { notFound } from "@/lib/http/errors";
import { phoneMessagePart } from "@/lib/phones";

// Media bytes as the handset received them (after adaptation), for <img>, <audio> and <video>.
export const GET = withMember("phones.use", async ({ ctx, params }) => {
  const id = bigId(params.contactId);
  if (id === null) throw notFound("This test phone");
  const part = await phoneMessagePart(ctx.workspaceId, id, String(params.messageId), Number(params.n));
  // Message content is untrusted: only media and plain text are served inline, and never as a document.
  const inline = /^(image|audio|video)\/[\w.+-]+$|^text\/plain$/.test(part.contentType.split(";")[0].trim()) && !/svg/i.test(part.contentType);
  return new Response(part.body, {
    headers: {
      "content-type": inline ? part.contentType : "application/octet-stream",
      "content-security-policy": "sandbox; default-src 'none'",
      ...(inline ? {} : { "content-disposition": "attachment" }),
      "cache-control": "private, max-age=300",
      "x-content-type-options": "nosniff",
    },
  });
});
