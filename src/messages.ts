// Every text of the interface, one catalogue per language: the platform's (src/platform/i18n/messages.ts)
// and each feature's (src/features/<name>/messages.ts), combined here once; src/index.ts gives them to
// the app. The type asks for every key of `Messages`, so a feature left out does not compile.
import * as admin from "./features/admin/messages";
import * as assessment from "./features/assessment/messages";
import * as collection from "./features/collection/messages";
import * as cycle from "./features/cycle/messages";
import * as deliberation from "./features/deliberation/messages";
import * as openData from "./features/open-data/messages";
import * as projects from "./features/projects/messages";
import * as screening from "./features/screening/messages";
import * as supervision from "./features/supervision/messages";
import * as voting from "./features/voting/messages";
import type { Catalogues } from "./platform/i18n";
import * as platform from "./platform/i18n/messages";

export const MESSAGES: Catalogues = {
  "zh-CN": {
    ...platform.zh,
    ...admin.zh,
    ...collection.zh,
    ...screening.zh,
    ...deliberation.zh,
    ...voting.zh,
    ...projects.zh,
    ...supervision.zh,
    ...assessment.zh,
    ...openData.zh,
    ...cycle.zh,
  },
  en: {
    ...platform.en,
    ...admin.en,
    ...collection.en,
    ...screening.en,
    ...deliberation.en,
    ...voting.en,
    ...projects.en,
    ...supervision.en,
    ...assessment.en,
    ...openData.en,
    ...cycle.en,
  },
};
