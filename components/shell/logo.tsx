import { Mail } from "lucide-react";

export function Logo({ size = "md" }: { size?: "md" | "lg" }) {
  const box = size === "lg" ? "h-10 w-10" : "h-8 w-8";
  return (
    <span className="inline-flex items-center gap-2">
      <span className={`${box} inline-flex items-center justify-center rounded-lg bg-brand-600 text-white`}>
        <Mail className="h-5 w-5" aria-hidden />
      </span>
      <span className={size === "lg" ? "text-2xl font-semibold tracking-tight" : "text-lg font-semibold tracking-tight"}>Postino</span>
    </span>
  );
}
