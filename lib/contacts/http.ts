// Helpers the contacts/imports route handlers share: streaming a CSV generator as a download, and
// reading an uploaded file from multipart or a raw body.
import { badRequest } from "@/lib/http/errors";

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
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > maxBytes + 64 * 1024) throw badRequest(`The file is larger than ${Math.round(maxBytes / 2 ** 20)} MB; split it into smaller files.`);
  const type = req.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await req.formData();
    } catch {
      throw badRequest("The upload could not be read. Choose the file again.");
    }
    const file = form.get("file");
    if (!(file instanceof File)) throw badRequest("Choose a file to upload.");
    return { fileName: file.name || "upload.csv", bytes: Buffer.from(await file.arrayBuffer()) };
  }
  const name = new URL(req.url).searchParams.get("name") ?? "upload.csv";
  return { fileName: name, bytes: Buffer.from(await req.arrayBuffer()) };
}
