// The profile's and two-factor pages' translator: their own messages first, then the page's.
import type { Translate } from "..";
import { useTranslate } from "../page";
import { profile } from "./en/profile";

export function useProfileTranslate(): Translate {
  const page = useTranslate();
  const own = profile as Record<string, string>;
  const t = (key: string, values?: Record<string, string | number>) =>
    Object.hasOwn(own, key)
      ? (own[key] as string).replace(/\{(\w+)\}/g, (m, name: string) => String(values?.[name] ?? m))
      : page(key as Parameters<Translate>[0], values);
  return Object.assign(t, {
    has: (key: string) => Object.hasOwn(own, key) || page.has(key),
  }) as Translate;
}
