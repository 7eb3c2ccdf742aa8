import type { Slide } from "@/lib/campaigns/slides";
import type { Audience } from "@/lib/campaigns/audience";

export type SendWindow = { start: string; end: string; enabled: boolean };

export type Draft = {
  id: string;
  name: string;
  state: string;
  subject: string | null;
  slides: Slide[];
  audience: Audience;
  connectionId: string | null;
  messageClass: "advertisement" | "informational";
  scheduleKind: "now" | "at" | "local";
  scheduledAt: string | null;
  localTime: string | null;
  quietHours: SendWindow | null;
  maxPerSecond: number | null;
  expiryHours: number;
};

export type MediaItem = { id: string; kind: "image" | "audio" | "video"; name: string; status: string; edits: unknown; size: string | number; progress: number };
export type Option = { id: string; name: string };
export type SampleRecipient = { id: string; phone: string; firstName: string | null; lastName: string | null; attributes: unknown; handsetClass: string };

export type Preflight = {
  count: { targeted: number; excludedOptedOut: number; excludedSuppressed: number; duplicates: number; sendable: number };
  estimate: {
    slides: Array<{ index: number; kind: string; bytes: number; contentClass: string; mediaStatus: string | null }>;
    bytesByHandset: Record<"basic" | "standard" | "rich", number>;
    carrierLimitBytes: number | null;
    cost: number | null;
    currency: string;
  };
  missing: Array<{ field: string; missing: number }>;
  warnings: Array<{ level: "blocking" | "warning"; code: string; message: string }>;
  canLaunch: boolean;
};
