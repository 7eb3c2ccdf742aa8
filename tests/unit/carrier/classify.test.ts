import { describe, expect, it } from "vitest";
import { encodeMm7 } from "@/lib/mms";
import { classifySubmitAnswer, classifyTransportError, retryTableOverrides } from "@/lib/carrier/classify";

const ns = "REL-6-MM7-1-4";
function answer(statusCode: number, msg?: Parameters<typeof encodeMm7>[0], headers: Record<string, string> = {}) {
  if (!msg) return { statusCode, headers, body: Buffer.alloc(0) };
  const e = encodeMm7(msg, { namespace: ns });
  return { statusCode, headers: { "content-type": e.contentType, ...headers }, body: e.body };
}

describe("submit outcome classification", () => {
  it("accepts a 1000 SubmitRsp with its MessageID", () => {
    const o = classifySubmitAnswer(answer(200, { type: "SubmitRsp", transactionId: "t", status: { code: 1000 }, messageId: "M1" }), {});
    expect(o).toEqual({ kind: "accepted", messageId: "M1", statusCode: 1000 });
  });
  it("retries 4006 service unavailable and honours Retry-After", () => {
    const o = classifySubmitAnswer(answer(500, { type: "RSErrorRsp", transactionId: "t", status: { code: 4006 } }, { "retry-after": "3" }), {});
    expect(o).toMatchObject({ kind: "retry", statusCode: 4006, retryAfterMs: 3000 });
  });
  it("fails 2002 address error permanently, unless the connection's table says retry", () => {
    const a = answer(500, { type: "RSErrorRsp", transactionId: "t", status: { code: 2002 } });
    expect(classifySubmitAnswer(a, {}).kind).toBe("permanent");
    expect(classifySubmitAnswer(a, retryTableOverrides({ "2002": "retry" })).kind).toBe("retry");
  });
  it("maps bare HTTP statuses", () => {
    expect(classifySubmitAnswer(answer(401), {}).kind).toBe("permanent");
    expect(classifySubmitAnswer(answer(503), {}).kind).toBe("retry");
    expect(classifySubmitAnswer(answer(504), {}).kind).toBe("unknown");
    expect(classifySubmitAnswer({ statusCode: 200, headers: {}, body: Buffer.from("<html>") }, {}).kind).toBe("unknown");
  });
  it("a refused connection is safe to resend, a timeout after sending is not", () => {
    expect(classifyTransportError(Object.assign(new Error("x"), { code: "ECONNREFUSED" })).kind).toBe("retry");
    expect(classifyTransportError(Object.assign(new Error("x"), { code: "UND_ERR_HEADERS_TIMEOUT" })).kind).toBe("unknown");
    expect(classifyTransportError(Object.assign(new Error("x"), { code: "ECONNRESET" })).kind).toBe("unknown");
  });
});
