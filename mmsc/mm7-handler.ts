// POST /mm7: the VASP-facing MM7 endpoint. Every answer is encoded by lib/mms (SubmitRsp, CancelRsp, ReplaceRsp,
// or an RSErrorRsp inside a SOAP Fault with HTTP 500 as SOAP 1.1 requires). Injected faults are decided here.
import type { IncomingMessage, ServerResponse } from "node:http";
import { decodeMm7, encodeMm7, MM7_STATUS_TEXT, Mm7ParseError, type Mm7Message } from "@/lib/mms";
import { childLogger } from "@/lib/log";
import type { Engine } from "./engine";

const log = childLogger("mmsc");
const DEFAULT_NS = "REL-6-MM7-1-4";

function send(res: ServerResponse, status: number, msg: Mm7Message, namespace: string): void {
  const { contentType, body } = encodeMm7(msg, { namespace });
  res.writeHead(status, { "content-type": contentType, "content-length": body.length });
  res.end(body);
}

// Whose fault it is (SOAP faultcode): the request's for malformed/unauthorised input, the MMSC's otherwise.
const CLIENT_CODES = new Set([4001, 4002, 4003, 4004, 4007]);

function fault(res: ServerResponse, transactionId: string, code: number, namespace: string, details?: string): void {
  const text = MM7_STATUS_TEXT[code] ?? "Error";
  const msg: Mm7Message = { type: "RSErrorRsp", transactionId, status: { code, text, ...(details ? { details } : {}) } };
  const faultCode = code < 3000 || CLIENT_CODES.has(code) ? "Client" : "Server";
  const { contentType, body } = encodeMm7(msg, { namespace, faultCode });
  res.writeHead(500, { "content-type": contentType, "content-length": body.length });
  res.end(body);
}

/** TransactionID from a body the codec refused, so even the fault echoes it when possible. */
function sniffTransactionId(body: Buffer): string {
  const m = /TransactionID[^>]*>\s*([^<\s]{1,128})\s*</i.exec(body.toString("latin1", 0, Math.min(body.length, 4096)));
  return m ? m[1] : "unknown";
}

export type Held = Set<IncomingMessage["socket"]>;

export async function handleMm7(engine: Engine, req: IncomingMessage, res: ServerResponse, body: Buffer, held: Held): Promise<void> {
  const latency = engine.faults.latencyMs();
  if (latency > 0) await new Promise((r) => setTimeout(r, latency));

  const vasp = engine.vasps.authenticate(req.headers.authorization);
  if (!vasp) {
    res.writeHead(401, { "www-authenticate": 'Basic realm="MMSC"', "content-type": "text/plain" });
    res.end("Unauthorized: unknown VASP credentials\n");
    return;
  }

  let msg: Mm7Message;
  try {
    msg = decodeMm7(body, req.headers["content-type"], { maxBodyBytes: engine.cfg.MMSC_MAX_BODY_BYTES, decodedBodies: engine.decodedBodies });
  } catch (err) {
    const e = err as Mm7ParseError;
    const mime = /MIME|BOUNDARY|PART/i.test(e.code ?? "");
    fault(res, sniffTransactionId(body), mime ? 2007 : 4004, vasp.namespace, e.message);
    return;
  }
  const ns = msg.namespace ?? vasp.namespace ?? DEFAULT_NS;
  const tid = msg.transactionId || "unknown";

  if (msg.type === "SubmitReq" || msg.type === "CancelReq" || msg.type === "ReplaceReq") {
    const claimed = msg.senderIdentification?.vaspId;
    if (claimed !== vasp.vaspId || (vasp.vasId && msg.senderIdentification?.vasId && msg.senderIdentification.vasId !== vasp.vasId)) {
      fault(res, tid, 4001, ns, "VASPID does not match the authenticated account");
      return;
    }
  }

  switch (msg.type) {
    case "SubmitReq": {
      const recipients = [...(msg.recipients.to ?? []), ...(msg.recipients.cc ?? []), ...(msg.recipients.bcc ?? [])];
      if (!recipients.length) return fault(res, tid, 4004, ns, "SubmitReq without recipients");
      if (recipients.some((r) => r.kind === "email" || !/^\+?\d{3,15}$/.test(r.value))) {
        return fault(res, tid, 2002, ns, "recipient is not an MSISDN");
      }
      if (!engine.vasps.take(vasp)) {
        engine.counters.refused++;
        return fault(res, tid, 4006, ns, `Throughput exceeded: at most ${vasp.maxPerSecond} SubmitReq per second`);
      }
      const f = engine.faults.drawSubmit();
      switch (f) {
        case "status4006":
          engine.counters.refused++;
          return fault(res, tid, 4006, ns, "Service unavailable (injected)");
        case "status3000":
          engine.counters.refused++;
          return fault(res, tid, 3000, ns, "Server error (injected)");
        case "http500":
          engine.counters.refused++;
          res.writeHead(500, { "content-type": "text/plain" });
          res.end("Internal Server Error\n");
          return;
        case "reset":
          engine.counters.refused++;
          req.socket.destroy();
          return;
        case "timeout":
          engine.counters.refused++;
          held.add(req.socket);
          return;
      }
      const m = await engine.accept(vasp, msg);
      engine.deliver(m);
      if (f === "resetAfterAccept") {
        req.socket.destroy();
        return;
      }
      if (f === "timeoutAfterAccept") {
        held.add(req.socket);
        return;
      }
      return send(res, 200, { type: "SubmitRsp", transactionId: tid, status: { code: 1000, text: "Success" }, messageId: m.id }, ns);
    }
    case "CancelReq": {
      const r = engine.cancel(vasp, msg.messageId);
      if (r === "not-found") return fault(res, tid, 2005, ns, "No stored message with this MessageID");
      if (r === "not-possible") return fault(res, tid, 3001, ns, "The message was already retrieved");
      return send(res, 200, { type: "CancelRsp", transactionId: tid, status: { code: 1000, text: "Success" } }, ns);
    }
    case "ReplaceReq": {
      const r = await engine.replace(vasp, msg.messageId, msg.content);
      if (r === "not-found") return fault(res, tid, 2005, ns, "No stored message with this MessageID");
      if (r === "not-possible") return fault(res, tid, 3001, ns, "The message was already retrieved");
      return send(res, 200, { type: "ReplaceRsp", transactionId: tid, status: { code: 1000, text: "Success" } }, ns);
    }
    default:
      log.debug({ type: msg.type }, "unsupported MM7 operation");
      return fault(res, tid, 4003, ns, `${msg.type} is not accepted by an MMSC from a VASP`);
  }
}
