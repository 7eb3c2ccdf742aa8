// The dispatcher's last check before a submit: the contacts engineer's consent rule, phrased as a question.
import { isSendable } from "@/lib/consent";

/** True when the number opted out (STOP…) or is on the workspace's suppression list. */
export async function isOptedOut(workspaceId: string, phone: string): Promise<boolean> {
  return !(await isSendable(workspaceId, { phone }));
}
