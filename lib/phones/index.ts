export * from "./service";
export type { PhoneView, PhoneAlert, PhoneSms, PhoneReply, MessageView, PhoneProfile } from "./simulator";
