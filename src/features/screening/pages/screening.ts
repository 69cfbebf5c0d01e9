// Stage 2 pages, one file per screen: the government screens proposals (./decisions.tsx), forms
// candidates (./candidate-form.tsx) and hands the list to the congress (./handover.tsx); the list
// itself, public once handed over and printable, is where congress staff return it (./candidates.tsx).
import { createRouter } from "../../../platform/http/app";
import { candidateFormPages } from "./candidate-form";
import { candidatePages } from "./candidates";
import { decisionPages } from "./decisions";
import { handoverPages } from "./handover";

export const screeningPages = createRouter()
  .route("/", decisionPages)
  .route("/", candidatePages)
  .route("/", candidateFormPages)
  .route("/", handoverPages);
