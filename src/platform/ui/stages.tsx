// The five stages as an ordered list, the current one marked for sight and for screen readers.
import type { Stage } from "../cycle/stages";
import { STAGES, stageIndex } from "../cycle/stages";
import type { Translator } from "../i18n";

export function StageSteps(props: { t: Translator; stage: Stage }) {
  const { t } = props;
  const current = stageIndex(props.stage);
  return (
    <ol class="stages">
      {STAGES.map((s, i) => {
        const state = i < current ? "done" : i === current ? "current" : "todo";
        return (
          <li class={`stage ${state}`} aria-current={state === "current" ? "step" : undefined}>
            <span class="num">{i + 1}</span>
            <span class="label">{t(`stage.${s}`)}</span>
            <span class="state">
              {t(state === "current" ? "stage.current" : state === "done" ? "stage.done" : "stage.todo")}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

export function StageBadge(props: { t: Translator; stage: Stage }) {
  return (
    <span class={`badge stage-${props.stage}`}>
      {stageIndex(props.stage) + 1}. {props.t(`stage.${props.stage}`)}
    </span>
  );
}
