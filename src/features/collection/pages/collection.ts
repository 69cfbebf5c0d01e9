// Stage 1 pages, one file per screen: the collection notice (./notice.tsx), the proposal form
// (./propose.tsx), the tracking page (./track.tsx) and the public list of proposals with their
// outcomes (./proposals.tsx) — never a name or a phone.
import { createRouter } from "../../../platform/http/app";
import { noticePages } from "./notice";
import { proposalListPages } from "./proposals";
import { proposePages } from "./propose";
import { trackPages } from "./track";

export const collectionPages = createRouter()
  .route("/", noticePages)
  .route("/", proposePages)
  .route("/", trackPages)
  .route("/", proposalListPages);
