// Refusals a user can act on. Every one carries a sentence that says what is wrong with the file.
import { AppError } from "@/lib/http/errors";

/** The file itself is unacceptable (wrong type, damaged, over a limit): retrying will not help. */
export class MediaRefused extends AppError {
  constructor(message: string, status = 422) {
    super(status, "media_refused", message);
    this.name = "MediaRefused";
  }
}

export const refuse = (message: string) => new MediaRefused(message);
export const tooLarge = (message: string) => new MediaRefused(message, 413);

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
