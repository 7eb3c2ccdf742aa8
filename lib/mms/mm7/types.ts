/**
 * MM7 (3GPP TS 23.140) message model. One discriminated union, `Mm7Message`, keyed on `type`.
 *
 * Field names are camelCase versions of the XML element names. Optional fields are omitted from the wire when
 * undefined. Values are normalised on read (addresses without "/TYPE=PLMN", MMStatus canonical spelling, booleans),
 * so consumers never handle vendor spelling differences.
 */
import type { MimeEntity } from "../mime";

export type Mm7AddressKind = "number" | "shortCode" | "email";

export interface Mm7Address {
  /** number = <Number> (MSISDN), shortCode = <ShortCode>, email = <RFC2822Address>. */
  kind: Mm7AddressKind;
  /** Normalised value: "/TYPE=PLMN" style suffixes removed. */
  value: string;
  displayOnly?: boolean;
  /** As received, when it differed from `value` (e.g. "+3859100010010/TYPE=PLMN"). Never written. */
  raw?: string;
}

export interface Mm7Recipients {
  to?: Mm7Address[];
  cc?: Mm7Address[];
  bcc?: Mm7Address[];
}

/** Absolute (xs:dateTime) or relative (xs:duration, e.g. "P1D", "PT1H") time. */
export type Mm7Time = Date | { relative: string };

export interface Mm7Status {
  code: number;
  text?: string;
  /** <Details> content as text (vendors put free text or nested elements here). */
  details?: string;
}

export interface Mm7SenderIdentification {
  vaspId?: string;
  vasId?: string;
  senderAddress?: Mm7Address;
}

export type Mm7MessageClass = "Personal" | "Informational" | "Advertisement" | "Auto";
export type Mm7Priority = "Low" | "Normal" | "High";
export type Mm7ChargedParty = "Sender" | "Recipient" | "Both" | "Neither" | "ThirdParty";

/** Delivery-report and read-reply statuses, canonical spelling (MMSCs send "Unrecognized" too; read as Unrecognised). */
export type Mm7MmStatus =
  | "Expired"
  | "Retrieved"
  | "Rejected"
  | "Deferred"
  | "Unrecognised"
  | "Indeterminate"
  | "Forwarded"
  | "Unreachable"
  | "NotSupported"
  | "DeliveryConditionNotMet"
  | "Read"
  | "Deleted";

export interface Mm7ReplyCharging {
  replyChargingSize?: number;
  replyDeadline?: Mm7Time;
}

export interface Mm7UaCapabilities {
  uaProf?: string;
  timeStamp?: Mm7Time;
}

/** Fields every MM7 message carries. */
export interface Mm7Common {
  /** SOAP header TransactionID; a response must echo the request's. */
  transactionId: string;
  /** <MM7Version> as read; on encode the option wins when this is absent. */
  mm7Version?: string;
  /** Namespace URI the message body was read in (decode only). */
  namespace?: string;
}

export interface Mm7SubmitReq extends Mm7Common {
  type: "SubmitReq";
  senderIdentification?: Mm7SenderIdentification;
  recipients: Mm7Recipients;
  serviceCode?: string;
  linkedId?: string;
  messageClass?: Mm7MessageClass;
  timeStamp?: Mm7Time;
  replyCharging?: Mm7ReplyCharging;
  earliestDeliveryTime?: Mm7Time;
  expiryDate?: Mm7Time;
  deliveryReport?: boolean;
  readReply?: boolean;
  priority?: Mm7Priority;
  subject?: string;
  chargedParty?: Mm7ChargedParty;
  /** Rel-6 */
  chargedPartyId?: string;
  distributionIndicator?: boolean;
  /** Rel-6: <DeliveryCondition><DC>n</DC>...</DeliveryCondition> */
  deliveryCondition?: number[];
  /** Rel-6 */
  applicId?: string;
  /** Rel-6 */
  replyApplicId?: string;
  /** Rel-6 */
  auxApplicInfo?: string;
  /** Rel-6 */
  contentClass?: string;
  /** Rel-6 */
  drmContent?: boolean;
  /** The MM content (usually multipart/related with SMIL as start). Absent => text/xml only body. */
  content?: MimeEntity;
  allowAdaptations?: boolean;
  /** href of <Content> as read (decode only), e.g. "cid:mm7-content". */
  contentHref?: string;
}

export interface Mm7SubmitRsp extends Mm7Common {
  type: "SubmitRsp";
  status: Mm7Status;
  messageId?: string;
  applicId?: string;
  replyApplicId?: string;
  auxApplicInfo?: string;
}

export interface Mm7DeliverReq extends Mm7Common {
  type: "DeliverReq";
  mmsRelayServerId?: string;
  vaspId?: string;
  vasId?: string;
  linkedId?: string;
  sender?: Mm7Address;
  recipients?: Mm7Recipients;
  previouslySentBy?: Mm7Address[];
  previouslySentDateAndTime?: Mm7Time[];
  senderSpi?: string;
  recipientSpi?: string;
  timeStamp?: Mm7Time;
  replyChargingId?: string;
  priority?: Mm7Priority;
  subject?: string;
  applicId?: string;
  replyApplicId?: string;
  auxApplicInfo?: string;
  uaCapabilities?: Mm7UaCapabilities;
  content?: MimeEntity;
  contentHref?: string;
}

export interface Mm7DeliverRsp extends Mm7Common {
  type: "DeliverRsp";
  status: Mm7Status;
  serviceCode?: string;
}

export interface Mm7CancelReq extends Mm7Common {
  type: "CancelReq";
  senderIdentification?: Mm7SenderIdentification;
  messageId: string;
}

export interface Mm7CancelRsp extends Mm7Common {
  type: "CancelRsp";
  status: Mm7Status;
}

export interface Mm7ReplaceReq extends Mm7Common {
  type: "ReplaceReq";
  senderIdentification?: Mm7SenderIdentification;
  messageId: string;
  serviceCode?: string;
  timeStamp?: Mm7Time;
  readReply?: boolean;
  earliestDeliveryTime?: Mm7Time;
  distributionIndicator?: boolean;
  content?: MimeEntity;
  allowAdaptations?: boolean;
  contentHref?: string;
}

export interface Mm7ReplaceRsp extends Mm7Common {
  type: "ReplaceRsp";
  status: Mm7Status;
}

export interface Mm7DeliveryReportReq extends Mm7Common {
  type: "DeliveryReportReq";
  mmsRelayServerId?: string;
  messageId: string;
  recipient: Mm7Address;
  sender?: Mm7Address;
  date?: Mm7Time;
  mmStatus: Mm7MmStatus;
  /** The MMStatus text exactly as received (decode only). */
  mmStatusRaw?: string;
  /** Rel-6 */
  mmStatusExtension?: string;
  statusText?: string;
  applicId?: string;
  replyApplicId?: string;
  auxApplicInfo?: string;
  uaCapabilities?: Mm7UaCapabilities;
}

export interface Mm7DeliveryReportRsp extends Mm7Common {
  type: "DeliveryReportRsp";
  status: Mm7Status;
}

export interface Mm7ReadReplyReq extends Mm7Common {
  type: "ReadReplyReq";
  mmsRelayServerId?: string;
  messageId: string;
  recipient: Mm7Address;
  sender?: Mm7Address;
  timeStamp?: Mm7Time;
  mmStatus: Mm7MmStatus;
  mmStatusRaw?: string;
  statusText?: string;
  applicId?: string;
  replyApplicId?: string;
  auxApplicInfo?: string;
}

export interface Mm7ReadReplyRsp extends Mm7Common {
  type: "ReadReplyRsp";
  status: Mm7Status;
}

export interface Mm7Fault {
  /** faultcode without prefix: "Client" or "Server" (anything else kept as sent). */
  code: string;
  string?: string;
}

/** Error responses travel inside a SOAP Fault's <detail>. */
export interface Mm7RsErrorRsp extends Mm7Common {
  type: "RSErrorRsp";
  status: Mm7Status;
  fault?: Mm7Fault;
}

export interface Mm7VaspErrorRsp extends Mm7Common {
  type: "VASPErrorRsp";
  status: Mm7Status;
  fault?: Mm7Fault;
}

export type Mm7Message =
  | Mm7SubmitReq
  | Mm7SubmitRsp
  | Mm7DeliverReq
  | Mm7DeliverRsp
  | Mm7CancelReq
  | Mm7CancelRsp
  | Mm7ReplaceReq
  | Mm7ReplaceRsp
  | Mm7DeliveryReportReq
  | Mm7DeliveryReportRsp
  | Mm7ReadReplyReq
  | Mm7ReadReplyRsp
  | Mm7RsErrorRsp
  | Mm7VaspErrorRsp;

export type Mm7MessageType = Mm7Message["type"];

export const MM7_MESSAGE_TYPES: readonly Mm7MessageType[] = [
  "SubmitReq",
  "SubmitRsp",
  "DeliverReq",
  "DeliverRsp",
  "CancelReq",
  "CancelRsp",
  "ReplaceReq",
  "ReplaceRsp",
  "DeliveryReportReq",
  "DeliveryReportRsp",
  "ReadReplyReq",
  "ReadReplyRsp",
  "RSErrorRsp",
  "VASPErrorRsp",
];
