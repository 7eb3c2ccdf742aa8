// Structured JSON logs. Rule: at info level and above, never a message body and never a phone
// number: log ids (campaign, message, contact) instead. The redact list is a safety net, not the rule.
import pino from "pino";

export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: process.env.POSTINO_SERVICE ?? "postino" },
  redact: { paths: ["phone", "*.phone", "to", "*.to", "from", "*.from", "text", "*.text", "password", "*.password", "body"], censor: "[redacted]" },
  timestamp: pino.stdTimeFunctions.isoTime,
});

/** A logger for one part of a process (the process itself is named by POSTINO_SERVICE). */
export function childLogger(component: string) {
  return logger.child({ component });
}
