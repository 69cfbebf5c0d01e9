// Message catalogues and the translator. Chinese first; English second.
import { en } from "./en";
import { type MessageKey, zhCN } from "./zh-CN";

const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };

const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

export type Translator = (key: MessageKey, vars?: Record<string, string | number>) => string;

function isMessageKey(key: string): key is MessageKey {
  return key in zhCN;
}

export function translator(locale: Locale): Translator {
  const cat = CATALOGUES[locale];
  return (key, vars) => {
    const text = cat[key] ?? key;
    return vars
      ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m))
      : text;
  };
}

/** Translates a key that came from data (an error reason, a field message); unknown keys fall back. */
export function translateLoose(t: Translator, key: string | undefined, fallback: MessageKey): string {
  return t(key && isMessageKey(key) ? key : fallback);
}

export function pickLocale(cookie: string | undefined, acceptLanguage: string | undefined): Locale {
  if (cookie === "en" || cookie === "zh-CN") return cookie;
  // Chinese unless the browser asks for English before Chinese.
  const al = (acceptLanguage ?? "").toLowerCase();
  const enAt = al.indexOf("en");
  const zhAt = al.indexOf("zh");
  return enAt >= 0 && (zhAt < 0 || enAt < zhAt) ? "en" : "zh-CN";
}

export function formatDate(locale: Locale, ms: number): string {
  return new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", dateStyle: "medium" }).format(ms);
}

export function formatDateTime(locale: Locale, ms: number): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: "Asia/Shanghai",
    dateStyle: "short",
    timeStyle: "medium",
  }).format(ms);
}
