// Strings of one area of the interface (stage 5: supervision). zh is the primary catalogue; en must have
// exactly its keys (checked by the type below). Spread into ../zh-CN.ts and ../en.ts.
export const zh = {} as const;

export const en: Record<keyof typeof zh, string> = {};
