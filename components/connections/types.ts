// What the connections UI receives from the server (dates as ISO strings, no secrets).
export type ConnectionView = {
  id: string;
  name: string;
  url: string;
  username: string | null;
  hasPassword: boolean;
  vaspId: string;
  vasId: string | null;
  namespace: string;
  mm7Version: string;
  usePrefix: boolean;
  senderAddress: string;
  senderType: string;
  maxPerSecond: number;
  maxMessageBytes: number;
  timeoutMs: number;
  retryTable: Record<string, "retry" | "permanent">;
  inboundUrl: string;
  inboundUsername: string;
  lastTestAt: string | null;
  lastTestResult: { ok: boolean; detail: string; ms: number } | null;
};

export type InboundCredentials = { url: string; username: string; secret: string };
