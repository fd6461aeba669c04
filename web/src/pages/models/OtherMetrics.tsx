/** Text models (selection, held-out accuracy and confusion matrix), segment runs (silhouette by k), and anything else as stored. */
import { useMemo } from "react";
import type { ModelDetail } from "../../api/types";
import { Chart } from "../../components/Chart";
import { Note, Stat } from "../../components/Notice";
import { num } from "../../format";
import { useI18n } from "../../i18n";
import { type ConfusionMatrix, confusionOf, figure } from "./metrics";

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
  const confusion = confusionOf(model.metrics);
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
      {confusion ? <ConfusionChart confusion={confusion} /> : <Note>{t("models.confusionNotStored")}</Note>}
    </>
  );
}

/** The held-out confusion matrix as a heatmap: true class down, predicted class across, counts in the cells. */
function ConfusionChart({ confusion }: { confusion: ConfusionMatrix }) {
  const { lang, t } = useI18n();
  const { classes, matrix } = confusion;
  const option = useMemo(() => {
    const cells = matrix.flatMap((row, y) => row.map((count, x) => [x, y, count]));
    return {
      tooltip: {
        trigger: "item",
        formatter: (p: { value: [number, number, number] }) =>
          `${t("models.trueClass")} ${classes[p.value[1]]} → ${t("models.predictedClass")} ${classes[p.value[0]]}: ${num(lang, p.value[2])}`,
      },
      grid: { left: 100, right: 24, top: 16, bottom: 110 },
      xAxis: {
        type: "category",
        name: t("models.predictedClass"),
        nameLocation: "middle",
        nameGap: 56,
        data: classes,
        axisLabel: { interval: 0, rotate: 30 },
      },
      yAxis: { type: "category", name: t("models.trueClass"), data: classes, inverse: true },
      visualMap: {
        min: 0,
        max: Math.max(1, ...cells.map((c) => c[2] as number)),
        orient: "horizontal",
        left: "center",
        bottom: 0,
        calculable: false,
        itemHeight: 120,
      },
      series: [{ type: "heatmap", data: cells, label: { show: true } }],
    };
  }, [classes, matrix, lang, t]);
  return (
    <Chart
      option={option}
      label={t("models.confusionChart")}
      height={Math.max(260, classes.length * 36 + 150)}
    />
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
