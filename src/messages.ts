// Every text of the interface, one catalogue per language, given to the app by src/index.ts.
import type { Catalogues } from "./platform/i18n";
import { en } from "./platform/i18n/en";
import { zhCN } from "./platform/i18n/zh-CN";

export const MESSAGES: Catalogues = { "zh-CN": zhCN, en };
