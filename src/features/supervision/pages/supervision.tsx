// Supervision pages (监督), one file a screen: a project's supervision page (./project.tsx), its
// group form (./group.tsx), a problem's page (./problem.tsx), the change form and the public
// announcement (./changes.tsx), the cycle's overview (./overview.tsx), the printable half-year
// report (./half-year.tsx) and a deputy's own supervision projects (./mine.tsx). Every form works
// without JavaScript.
import { createRouter } from "../../../platform/http/app";
import { changePages } from "./changes";
import { groupPages } from "./group";
import { halfYearPages } from "./half-year";
import { minePages } from "./mine";
import { overviewPages } from "./overview";
import { problemPages } from "./problem";
import { projectSupervisionPages } from "./project";

export const supervisionPages = createRouter();
for (const screen of [
  projectSupervisionPages,
  groupPages,
  problemPages,
  changePages,
  overviewPages,
  halfYearPages,
  minePages,
])
  supervisionPages.route("/", screen);
