import { useEffect, useState } from "react";

/** `value`, once it has stopped changing for `ms` (search boxes, the segment builder's live count). */
export function useDebounced<T>(value: T, ms = 300): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** The country a number without +code most likely belongs to: the last one chosen here, else the browser's region. */
export function guessCountry(): string {
  if (typeof window === "undefined") return "IT";
  const saved = window.localStorage.getItem("postino.defaultCountry");
  if (saved && /^[A-Z]{2}$/.test(saved)) return saved;
  const region = navigator.language.split("-")[1]?.toUpperCase();
  return region && /^[A-Z]{2}$/.test(region) ? region : "IT";
}

export function rememberCountry(c: string) {
  if (typeof window !== "undefined" && /^[A-Z]{2}$/.test(c)) window.localStorage.setItem("postino.defaultCountry", c);
}
