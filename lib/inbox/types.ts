// What the inbox routes answer: plain JSON shapes shared by the services and the client components
// (no server imports here, so client code can import the types).

export type ConversationStatus = "open" | "closed";
export const CONVERSATION_STATUSES = ["open", "closed"] as const;

export type ConversationRow = {
  id: string;
  status: ConversationStatus;
  unreadCount: number;
  lastMessageAt: string;
  contact: { id: string; phone: string; name: string | null };
  /** The latest inbound message, shortened; null when the conversation has none left. */
  snippet: { text: string | null; pictures: number; keyword: string | null } | null;
};

export type ConversationPage = { items: ConversationRow[]; next: string | null };

export type ThreadPart = { index: number; contentType: string; size: number; url: string };

export type ThreadItem =
  | { kind: "in"; id: string; at: string; text: string | null; subject: string | null; keyword: string | null; parts: ThreadPart[] }
  | { kind: "out"; id: string; at: string; text: string; status: string; reason: string | null; by: string | null };

export type Thread = {
  id: string;
  status: ConversationStatus;
  unreadCount: number;
  contact: { id: string; phone: string; name: string | null; consent: string };
  /** Why a reply cannot be sent right now (opted out, suppressed, no connection); null when it can. */
  replyBlocked: string | null;
  items: ThreadItem[];
  /** True when older messages exist beyond the ones returned. */
  truncated: boolean;
};

export type ReplyResult = { messageId: string; campaignId: string; status: string; reason: string | null };
