"use client";
// Counts the view from the browser, once per page load, so link-preview bots that only fetch HTML do not count.
import { useEffect, useRef } from "react";

export function CountView({ token }: { token: string }) {
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    void fetch(`/api/m/${encodeURIComponent(token)}/view`, { method: "POST", keepalive: true }).catch(() => {});
  }, [token]);
  return null;
}
