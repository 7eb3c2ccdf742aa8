import { Badge, type Tone } from "@/components/ui/badge";

const tone: Record<string, Tone> = { draft: "gray", scheduled: "violet", sending: "blue", paused: "amber", completed: "green", cancelled: "red" };

export function StateBadge({ state }: { state: string }) {
  return <Badge tone={tone[state] ?? "gray"}><span data-testid="campaign-state">{state}</span></Badge>;
}
