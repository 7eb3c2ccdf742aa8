// The gateway's answers: the matching MM7 Rsp, or a SOAP fault the MMSC can log and not retry blindly.
import { encodeMm7, type Mm7Message } from "@/lib/mms";
import type { GatewayConnection } from "./auth";

type Answer = { status: number; contentType: string; body: Buffer };

const rspType = { DeliveryReportReq: "DeliveryReportRsp", ReadReplyReq: "ReadReplyRsp", DeliverReq: "DeliverRsp" } as const;

export function okAnswer(req: Mm7Message & { type: keyof typeof rspType }, conn: GatewayConnection): Answer {
  const enc = encodeMm7(
    { type: rspType[req.type], transactionId: req.transactionId, status: { code: 1000, text: "Success" } },
    { namespace: req.namespace ?? conn.namespace, mm7Version: req.mm7Version ?? conn.mm7Version, prefix: conn.usePrefix },
  );
  return { status: 200, contentType: enc.contentType, body: enc.body };
}

/** VASPErrorRsp inside a SOAP Fault (HTTP 500 as SOAP 1.1 requires). */
export function faultAnswer(code: number, text: string, conn: GatewayConnection | null, transactionId = "unknown"): Answer {
  const enc = encodeMm7(
    { type: "VASPErrorRsp", transactionId, status: { code, text } },
    { namespace: conn?.namespace ?? "REL-6-MM7-1-4", mm7Version: conn?.mm7Version, prefix: conn?.usePrefix ?? false },
  );
  return { status: 500, contentType: enc.contentType, body: enc.body };
}
