/** Text models (selection and held-out accuracy), segment runs (silhouette by k), and anything else as stored. */
import { useMemo } from "react";
import type { ModelDetail } from "../../api/types";
import { Chart } from "../../components/Chart";
import { Note, Stat } from "../../components/Notice";
import { num } from "../../format";
import { useI18n } from "../../i18n";
import { figure } from "./metrics";

interface TextSelection {
  kind: string;
  cvMacroF1: number;
}

export function TextMetrics({ model }: { model: ModelDetail }) {
  const { lang, t } = useI18n();
  const metrics = model.metrics as {
    best?: TextSelection;
    split?: { train: number; test: number; seed: number };
  };
  return (
    <>
      <div className="stats">
        <Stat label={t("models.accuracy")} value={num(lang, figure(model.metrics, "accuracy"), 4)} />
        <Stat label="macro-F1" value={num(lang, figure(model.metrics, "macroF1"), 4)} />
        {metrics.best ? (
          <Stat
            label={t("models.selected")}
            value={metrics.best.kind}
            hint={`CV macro-F1 ${num(lang, metrics.best.cvMacroF1, 4)}`}
          />
        ) : null}
        {metrics.split ? (
          <Stat
            label={t("models.split")}
            value={`${num(lang, metrics.split.train)} / ${num(lang, metrics.split.test)}`}
            hint={`seed ${metrics.split.seed}`}
          />
        ) : null}
      </div>
      <h3>{t("models.confusion")}</h3>
      <Note>{t("models.confusionNotStored")}</Note>
    </>
  );
}

export function SegmentMetrics({ model }: { model: ModelDetail }) {
  const { lang, t } = useI18n();
  const kScores = (model.metrics as { kScores?: { k: number; silhouette: number }[] }).kScores ?? [];
  const option = useMemo(
    () => ({
      tooltip: { trigger: "axis" },
      grid: { left: 56, right: 24, top: 24, bottom: 32 },
      xAxis: { type: "category", name: "k", data: kScores.map((s) => String(s.k)) },
      yAxis: { type: "value", name: t("segments.silhouette") },
      series: [{ type: "line", data: kScores.map((s) => s.silhouette) }],
    }),
    [kScores, t],
  );
  return (
    <>
      <div className="stats">
        <Stat label={t("segments.silhouette")} value={num(lang, figure(model.metrics, "silhouette"), 4)} />
        <Stat label={t("models.inertia")} value={num(lang, figure(model.metrics, "inertia"), 0)} />
      </div>
      {kScores.length > 1 ? <Chart option={option} label={t("segments.kScores")} height={220} /> : null}
      <p className="hint">
        <a href="#/segments">{t("models.seeSegments")}</a>
      </p>
    </>
  );
}

export function GenericMetrics({ model }: { model: ModelDetail }) {
  const { t } = useI18n();
  return (
    <>
      <Note>{t("models.generic", { kind: model.kind })}</Note>
      <pre className="json">{JSON.stringify(model.metrics, null, 2)}</pre>
    </>
  );
}
