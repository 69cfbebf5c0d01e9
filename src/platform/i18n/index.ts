// The translator, and the message keys. The platform's own texts are in ./messages.ts; each feature
// keeps its texts in src/features/<name>/messages.ts and adds their keys to `Messages` by declaration
// merging. src/messages.ts combines them all, one catalogue per language, which createApp is given.
// Chinese first; English second.
import type { zh } from "./messages";

const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/** Every message key and its text: the platform's here, each feature's added by its messages.ts. */
export interface Messages extends Record<keyof typeof zh, string> {}
export type MessageKey = keyof Messages;
/** The complete catalogue of each language (src/messages.ts). */
export type Catalogues = Record<Locale, Messages>;

export interface Translator {
  (key: MessageKey, vars?: Record<string, string | number>): string;
  /** Whether the catalogue has the key (one that came from data). */
  has(key: string): key is MessageKey;
}

export function translator(cat: Messages): Translator {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => {
    const text = cat[key] ?? key;
    return vars
      ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m))
      : text;
  };
  return Object.assign(t, { has: (key: string): key is MessageKey => key in cat });
}

/** Translates a key that came from data (an error reason, a field message); unknown keys fall back. */
export function translateLoose(t: Translator, key: string | undefined, fallback: MessageKey): string {
  return t(key && t.has(key) ? key : fallback);
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
