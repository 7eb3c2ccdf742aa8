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

export { formatBytes } from "@/lib/http/upload";
