// What the composer tells the user before launch. "blocking" problems stop a launch in the UI
// (the pipeline's launchCampaign re-checks what matters); "warning"s are advice the user may accept.
import { countAudience, missingFieldCounts, readAudience, type AudienceCount } from "./audience";
import { getCampaign, scheduleProblem } from "./drafts";
import { estimateCampaign, type Estimate } from "./estimate";
import { fieldsWithoutDefault, templateError } from "./merge";
import { isEmptySlide, readSlides, type Slide } from "./slides";

export type Warning = { level: "blocking" | "warning"; code: string; message: string };

/** Opt-out instructions carriers and regulators look for in marketing texts. */
const OPT_OUT = /\b(stop|unsubscribe|opt[- ]?out|annulla|cancella)\b/i;

export function hasOptOutText(slides: Slide[]): boolean {
  return slides.some((s) => OPT_OUT.test(s.text ?? ""));
}

export function mergeFieldsUsed(slides: Slide[], subject: string | null): string[] {
  return [...new Set([...(subject ? fieldsWithoutDefault(subject) : []), ...slides.flatMap((s) => (s.text ? fieldsWithoutDefault(s.text) : []))])];
}

const kb = (n: number) => `${Math.round(n / 1024)} KB`;

export function campaignWarnings(input: {
  slides: Slide[];
  subject: string | null;
  messageClass: string;
  connectionId: string | null;
  count: AudienceCount | null;
  estimate: Estimate | null;
  missing: Array<{ field: string; missing: number }>;
  scheduleProblem: string | null;
}): Warning[] {
  const w: Warning[] = [];
  const { slides, estimate, count } = input;
  if (!slides.length || slides.every(isEmptySlide)) w.push({ level: "blocking", code: "no_content", message: "Add a picture, a video or some text to at least one slide." });
  slides.forEach((s, i) => {
    const err = s.text ? templateError(s.text) : null;
    if (err) w.push({ level: "blocking", code: "template", message: `Slide ${i + 1}: ${err}` });
  });
  if (!input.connectionId) w.push({ level: "blocking", code: "no_connection", message: "Choose the carrier connection to send through (Settings → Connections to add one)." });
  if (count && count.sendable === 0) w.push({ level: "blocking", code: "no_recipients", message: count.targeted ? "Every recipient has opted out or is suppressed: nobody would receive this." : "Choose who receives it: a segment, contacts or pasted numbers." });
  if (input.scheduleProblem) w.push({ level: "blocking", code: "schedule", message: input.scheduleProblem });
  if (estimate) {
    estimate.slides.forEach((s) => {
      if (s.mediaStatus === "processing") w.push({ level: "blocking", code: "media_processing", message: `Slide ${s.index + 1}: the media is still being prepared for phones; wait a moment.` });
      if (s.mediaStatus === "failed" || s.mediaStatus === "missing") w.push({ level: "blocking", code: "media_failed", message: `Slide ${s.index + 1}: the media could not be prepared; pick another file.` });
    });
    const limit = estimate.carrierLimitBytes;
    if (limit && estimate.bytesByHandset.standard > limit) {
      w.push({ level: "warning", code: "over_limit", message: `The message is about ${kb(estimate.bytesByHandset.standard)}, over the carrier's limit of ${kb(limit)}: some media will be left out.` });
    }
    if (estimate.droppedByHandset.basic > 0) w.push({ level: "warning", code: "basic_drop", message: `Older phones (100 KB limit) will not get ${estimate.droppedByHandset.basic} of the media files; they can see them in the web view.` });
  }
  if (input.messageClass === "advertisement" && !hasOptOutText(slides)) {
    w.push({ level: "warning", code: "no_opt_out", message: 'Marketing messages should say how to opt out, e.g. "Reply STOP to opt out".' });
  }
  for (const m of input.missing) {
    w.push({ level: "warning", code: "merge_missing", message: `{{ ${m.field} }} is empty for ${m.missing} recipient${m.missing === 1 ? "" : "s"}: add a fallback like {{ ${m.field} | default: "…" }}.` });
  }
  if (count && count.excludedOptedOut + count.excludedSuppressed > 0) {
    w.push({ level: "warning", code: "excluded", message: `${count.excludedOptedOut + count.excludedSuppressed} recipient${count.excludedOptedOut + count.excludedSuppressed === 1 ? " is" : "s are"} left out because they opted out or are suppressed.` });
  }
  if (input.subject && input.subject.length > 40) w.push({ level: "warning", code: "subject_long", message: "Subjects over 40 characters are cut off on many phones." });
  return w;
}

/** Everything the composer's last step shows, in one call: count, estimate, missing merge fields, warnings. */
export async function preflight(workspaceId: string, campaignId: string) {
  const c = await getCampaign(workspaceId, campaignId);
  const slides = readSlides(c.slides);
  const audience = readAudience(c.audience);
  const count = await countAudience(workspaceId, audience);
  const fields = mergeFieldsUsed(slides, c.subject).filter((f) => f !== "phone");
  const [missing, estimate] = await Promise.all([
    missingFieldCounts(workspaceId, audience, fields),
    estimateCampaign(workspaceId, { slides, connectionId: c.connectionId }, count.sendable, (s) => Buffer.byteLength(s.text ?? "")),
  ]);
  const warnings = campaignWarnings({ slides, subject: c.subject, messageClass: c.messageClass, connectionId: c.connectionId, count, estimate, missing, scheduleProblem: scheduleProblem(c) });
  return { count, estimate, missing, warnings, canLaunch: !warnings.some((w) => w.level === "blocking") };
}
