// Errors a service may throw on purpose; route handlers map them to clear responses.
// Anything else is a bug and answers 500 with a generic sentence (details go to the log).
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const unauthorized = () => new AppError(401, "unauthorized", "Please sign in.");
export const noWorkspace = () => new AppError(409, "no_workspace", "Create or choose a workspace first.");
export const forbidden = (what = "do this") => new AppError(403, "forbidden", `Your role does not allow you to ${what}.`);
export const notOperator = () => new AppError(403, "forbidden", "Only the platform's operators can open this page: it shows the jobs of every workspace on this Postino. Ask whoever runs Postino if you need something from it.");
/** Also used for objects of other workspaces: their existence is not revealed. */
export const notFound = (what = "This item") => new AppError(404, "not_found", `${what} was not found.`);
export const badRequest = (message: string, details?: unknown) => new AppError(400, "bad_request", message, details);
export const conflict = (message: string) => new AppError(409, "conflict", message);
