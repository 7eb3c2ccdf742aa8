// Reading an uploaded file from a route handler: the one place that refuses oversize bodies before
// buffering them (413, with the sizes in words) and turns a broken multipart body into a sentence.
import { AppError, badRequest } from "./errors";

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

const tooLarge = (message: string) => new AppError(413, "too_large", message);

export type Upload = { fileName: string; type: string; bytes: Buffer; form: FormData | null };

/**
 * The multipart field `file`, or (when `rawBody` is allowed) the raw body with `?name=`.
 * `onTooLarge` lets a caller keep its own error type for the same sentence.
 */
export async function readUpload(
  req: Request,
  opts: { maxBytes: number; defaultName?: string; rawBody?: boolean; onTooLarge?: (message: string) => Error },
): Promise<Upload> {
  const refuse = opts.onTooLarge ?? tooLarge;
  const limit = formatBytes(opts.maxBytes);
  const declared = Number(req.headers.get("content-length") ?? 0);
  // The multipart envelope adds a little over the file itself.
  if (declared > opts.maxBytes + 64 * 1024) throw refuse(`This file is about ${formatBytes(declared)}; the limit is ${limit}.`);
  const contentType = req.headers.get("content-type") ?? "";
  if (opts.rawBody && !contentType.startsWith("multipart/form-data")) {
    const bytes = Buffer.from(await req.arrayBuffer());
    if (bytes.length > opts.maxBytes) throw refuse(`This file is ${formatBytes(bytes.length)}; the limit is ${limit}.`);
    return { fileName: new URL(req.url).searchParams.get("name") ?? opts.defaultName ?? "upload", type: contentType, bytes, form: null };
  }
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    throw badRequest("The upload could not be read. Choose the file again.");
  }
  const file = form.get("file");
  if (!(file instanceof File)) throw badRequest("Choose a file to upload.");
  if (file.size > opts.maxBytes) throw refuse(`This file is ${formatBytes(file.size)}; the limit is ${limit}.`);
  return { fileName: file.name || opts.defaultName || "upload", type: file.type, bytes: Buffer.from(await file.arrayBuffer()), form };
}
