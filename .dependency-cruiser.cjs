// The order of the stages, checked by `npm run lint` (dependency-cruiser). A feature builds on the
// platform and on the stages before it, never on a later one: the vote knows nothing of the
// projects it decides, supervision nothing of the assessment that follows it, and only the public
// site (open-data) and the cycle's hub see every stage. admin (accounts, roster, audit) stands
// beside the stages: it uses the platform only, and no stage uses it.
//
// Biome checks the other directions (biome.json: no cycles, no Hono in domain modules, no drizzle
// in pages, the platform never imports a feature); its import rules are set per folder kind, and a
// relation between folders is one rule per stage here.
/** The stages in the order of the year (DOMAIN.md), then what reads all of them. */
const STAGES = [
  "collection",
  "screening",
  "deliberation",
  "voting",
  "projects",
  "supervision",
  "assessment",
  "open-data",
  "cycle",
];

const features = (names) => `^src/features/(${names.join("|")})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...STAGES.slice(0, -1).map((stage, i) => ({
      name: `stage-order-${stage}`,
      comment: `${stage} builds on the platform and earlier stages; it never imports a later stage (${STAGES.slice(i + 1).join(", ")}).`,
      severity: "error",
      from: { path: features([stage]) },
      to: { path: features(STAGES.slice(i + 1)) },
    })),
    {
      name: "admin-uses-no-stage",
      comment: "admin (accounts, roster, audit) uses the platform only.",
      severity: "error",
      from: { path: "^src/features/admin/" },
      to: { path: "^src/features/", pathNot: "^src/features/admin/" },
    },
    {
      name: "no-stage-uses-admin",
      comment: "No stage uses admin: what several need (roster, audit, sessions) is the platform's.",
      severity: "error",
      from: { path: "^src/features/", pathNot: "^src/features/admin/" },
      to: { path: "^src/features/admin/" },
    },
    {
      name: "feature-has-a-place",
      comment: "Every feature folder has its place in STAGES (or is admin), so the order covers it.",
      severity: "error",
      from: { path: "^src/features/", pathNot: features([...STAGES, "admin"]) },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
  },
};
