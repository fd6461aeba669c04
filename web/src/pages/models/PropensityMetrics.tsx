/**
 * Propensity (and outlook) models: held-out figures per target, the calibration table drawn as a
 * reliability diagram, and the held-out ROC curve. Models trained before ROC points were stored keep
 * only the ROC AUC: the page says so rather than drawing a curve it does not have.
 */
import { useMemo, useState } from "react";
import type { ModelDetail } from "../../api/types";
import { Chart } from "../../components/Chart";
import { Note } from "../../components/Notice";
import { num } from "../../format";
import { useI18n } from "../../i18n";
import { binaryTargets } from "./metrics";

export function PropensityMetrics({ model }: { model: ModelDetail }) {
  const { lang, t } = useI18n();
  const targets = useMemo(() => binaryTargets(model.metrics), [model]);
  const [selected, setSelected] = useState(targets[0]?.[0] ?? "");
  const report = targets.find(([name]) => name === selected)?.[1];
  const option = useMemo(() => {
    const bins = (report?.calibration ?? []).filter((b) => b.count > 0);
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 8 },
      grid: { left: 56, right: 56, top: 48, bottom: 40 },
      xAxis: { type: "value", name: t("models.predicted"), min: 0, max: 1 },
      yAxis: [
        { type: "value", name: t("models.observed"), min: 0, max: 1 },
        { type: "value", name: t("models.count"), splitLine: { show: false } },
      ],
      series: [
        {
          type: "line",
          name: t("models.perfect"),
          data: [
            [0, 0],
            [1, 1],
          ],
          lineStyle: { type: "dashed", color: "#999" },
          showSymbol: false,
        },
        {
          type: "line",
          name: t("models.observed"),
          data: bins.map((b) => [b.meanPredicted, b.observedRate]),
        },
        {
          type: "bar",
          name: t("models.count"),
          yAxisIndex: 1,
          barWidth: 8,
          itemStyle: { opacity: 0.35 },
          data: bins.map((b) => [(b.lower + b.upper) / 2, b.count]),
        },
      ],
    };
  }, [report, t]);
  const roc = report?.roc && report.roc.fpr.length > 1 ? report.roc : null;
  const rocOption = useMemo(
    () => ({
      tooltip: { trigger: "axis" },
      legend: { top: 8 },
      grid: { left: 56, right: 24, top: 48, bottom: 40 },
      xAxis: { type: "value", name: t("models.fpr"), min: 0, max: 1 },
      yAxis: { type: "value", name: t("models.tpr"), min: 0, max: 1 },
      series: [
        {
          type: "line",
          name: t("models.random"),
          data: [
            [0, 0],
            [1, 1],
          ],
          lineStyle: { type: "dashed", color: "#999" },
          showSymbol: false,
        },
        {
          type: "line",
          name: `${selected} · AUC ${report ? num(lang, report.rocAuc, 4) : "–"}`,
          showSymbol: false,
          data: roc ? roc.fpr.map((x, i) => [x, roc.tpr[i]]) : [],
        },
      ],
    }),
    [roc, report, selected, lang, t],
  );
  if (targets.length === 0) return <Note>{t("models.noMetrics")}</Note>;
  return (
    <>
      <div className="table-wrap tall">
        <table data-testid="propensity-targets">
          <thead>
            <tr>
              <th>{t("models.target")}</th>
              <th className="num">{t("models.positives")}</th>
              <th className="num">ROC AUC</th>
              <th className="num">PR AUC</th>
              <th className="num">{t("models.logLoss")}</th>
              <th className="num">{t("models.accuracy")}</th>
              <th className="num">macro-F1</th>
            </tr>
          </thead>
          <tbody>
            {targets.map(([name, r]) => (
              <tr key={name} className={name === selected ? "selected" : undefined}>
                <td>
                  <button type="button" className="link" onClick={() => setSelected(name)}>
                    {name}
                  </button>
                </td>
                <td className="num">
                  {num(lang, r.positives)} / {num(lang, r.n)}
                </td>
                <td className="num">{num(lang, r.rocAuc, 4)}</td>
                <td className="num">{num(lang, r.prAuc, 4)}</td>
                <td className="num">{num(lang, r.logLoss, 4)}</td>
                <td className="num">{num(lang, r.accuracy, 4)}</td>
                <td className="num">{num(lang, r.macroF1, 4)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="grid-2">
        <div>
          <h3>{t("models.calibration", { target: selected })}</h3>
          {report?.calibration?.length ? (
            <Chart option={option} label={t("models.calibrationChart")} />
          ) : (
            <Note>{t("models.noCalibration")}</Note>
          )}
        </div>
        <div>
          <h3>{t("models.roc")}</h3>
          {roc ? (
            <Chart option={rocOption} label={t("models.rocChart", { target: selected })} />
          ) : (
            <Note>{t("models.rocNotStored", { auc: report ? num(lang, report.rocAuc, 4) : "–" })}</Note>
          )}
        </div>
      </div>
    </>
  );
}
