// Helpers the contacts/imports route handlers share: streaming a CSV generator as a download, and
// reading an uploaded file from multipart or a raw body.
import { readUpload as readUploadedFile } from "@/lib/http/upload";

export function csvDownload(gen: AsyncGenerator<string>, fileName: string): Response {
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await gen.next();
      if (done) controller.close();
      else controller.enqueue(enc.encode(value));
    },
    async cancel() {
      await gen.return(undefined);
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${fileName.replace(/[^\w.\-]/g, "_")}"`, "cache-control": "no-store" },
  });
}

/** The uploaded file: multipart field `file`, or the raw body with `?name=`. */
export async function readUpload(req: Request, maxBytes: number): Promise<{ fileName: string; bytes: Buffer }> {
  const { fileName, bytes } = await readUploadedFile(req, { maxBytes, defaultName: "upload.csv", rawBody: true });
  return { fileName, bytes };
}
