// The inbox: conversations of replies from phones, read and answered by agents.
export { listConversations, listFilterSchema, hasConversations, type ListFilter } from "./list";
export { openConversation, setConversationStatus, ownedConversation } from "./thread";
export { sendReply, replyInputSchema, MAX_REPLY_CHARS, type ReplyInput } from "./reply";
export { openInboundPart, readParts, safeDisposition } from "./parts";
export { REPLY_MARK } from "./reply-record";
export type * from "./types";
