// Keyword recognition for replies. Lists are per workspace (Workspace.settings.keywords), with
// defaults in English, Italian, French, Spanish and German. Matching is forgiving on purpose: an
// opt-out that is missed because of an accent or a trailing "!" is a compliance failure.
import { z } from "zod";

export type KeywordAction = "optOut" | "optIn" | "help";

export const DEFAULT_KEYWORDS: Record<KeywordAction, string[]> = {
  optOut: [
    // English (CTIA / FCC 24-18 "per se" revocation words, Braze/AWS defaults)
    "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "OPT-OUT", "REMOVE",
    // Italian
    "ANNULLA", "CANCELLA", "DISISCRIVI", "DISISCRIVIMI",
    // French
    "ARRET", "ARRÊT", "DESABONNER", "DÉSABONNER", "DESINSCRIRE", "DÉSINSCRIRE",
    // Spanish
    "BAJA", "PARAR", "ALTO", "CANCELAR", "DETENER",
    // German
    "STOPP", "ABMELDEN", "ENDE", "ABBESTELLEN",
  ],
  optIn: ["START", "UNSTOP", "SUBSCRIBE", "ISCRIVI", "ISCRIVIMI", "RIATTIVA", "DEMARRER", "DÉMARRER", "ABONNER", "ALTA", "INICIAR", "ANMELDEN"],
  help: ["HELP", "INFO", "AIUTO", "AIDE", "AYUDA", "HILFE"],
};

const keywordList = z
  .array(z.string().trim().min(1).max(30).regex(/^[\p{L}\p{N}-]+$/u, "A keyword is one word (letters, digits, hyphen)"))
  .max(100);

export const keywordSettingsSchema = z.object({
  optOut: keywordList.min(1, "Keep at least one opt-out keyword (STOP)."),
  optIn: keywordList,
  help: keywordList,
  helpText: z.string().trim().min(1, "Write the help reply").max(500),
  optOutReply: z.string().trim().min(1).max(300),
  optInReply: z.string().trim().min(1).max(300),
});
export type KeywordSettings = z.infer<typeof keywordSettingsSchema>;

export function defaultKeywordSettings(workspaceName = "We"): KeywordSettings {
  return {
    ...DEFAULT_KEYWORDS,
    helpText: `${workspaceName}: multimedia messages. Reply STOP to unsubscribe, START to subscribe again.`,
    optOutReply: `${workspaceName}: you are unsubscribed and will receive no more messages. Reply START to subscribe again.`,
    optInReply: `${workspaceName}: you are subscribed again. Reply STOP to unsubscribe.`,
  };
}

/** Stored settings over the defaults; a damaged stored value never disables STOP. */
export function resolveKeywordSettings(stored: unknown, workspaceName?: string): KeywordSettings {
  const base = defaultKeywordSettings(workspaceName);
  const merged = { ...base, ...(stored && typeof stored === "object" ? stored : {}) };
  const parsed = keywordSettingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : base;
}

/** Upper case, no accents, no hyphens: "Arrêt" = "ARRET", "opt-out" = "OPTOUT". */
export function normalizeKeyword(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").toUpperCase().replace(/[-_]/g, "");
}

/** The first word of a message, normalised, punctuation around it removed. */
function firstWord(text: string): string {
  const t = text.trim();
  const m = /^[\s\p{P}\p{S}]*([\p{L}\p{N}\-_]+)/u.exec(t);
  return m ? normalizeKeyword(m[1]) : "";
}

export type KeywordMatch = { action: KeywordAction; keyword: string };

/** Whole message or first word; opt-out wins over everything (a "STOP HELP" must stop). */
export function matchKeyword(text: string | null | undefined, lists: Pick<KeywordSettings, KeywordAction>): KeywordMatch | null {
  if (!text) return null;
  const whole = normalizeKeyword(text.trim().replace(/[\s\p{P}\p{S}]+$/u, "").replace(/^[\s\p{P}\p{S}]+/u, "")).replace(/\s+/g, "");
  const first = firstWord(text);
  if (!first && !whole) return null;
  for (const action of ["optOut", "optIn", "help"] as const) {
    for (const k of lists[action]) {
      const nk = normalizeKeyword(k);
      if (nk === whole || nk === first) return { action, keyword: normalizeKeyword(k) };
    }
  }
  return null;
}
