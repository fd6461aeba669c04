/** Uplift models: Qini coefficient, AUUC and uplift at 10/20/30% per model, and the stored Qini curves. */
import { useMemo } from "react";
import type { ModelDetail } from "../../api/types";
import { Chart } from "../../components/Chart";
import { Note } from "../../components/Notice";
import { num } from "../../format";
import { useI18n } from "../../i18n";
import { upliftModels } from "./metrics";

export function UpliftMetrics({ model }: { model: ModelDetail }) {
  const { lang, t } = useI18n();
  const models = useMemo(() => upliftModels(model.metrics), [model]);
  const curves = Object.entries(model.curves).filter(([, c]) => c.qini);
  const option = useMemo(
    () => ({
      tooltip: { trigger: "axis" },
      legend: { top: 8 },
      grid: { left: 64, right: 24, top: 48, bottom: 40 },
      xAxis: { type: "value", name: t("models.targeted"), max: "dataMax" },
      yAxis: { type: "value", name: t("models.qiniGain") },
      series: curves.flatMap(([name, c]) => [
        {
          type: "line",
          name,
          showSymbol: false,
          data: c.qini ? c.qini.x.map((x, i) => [x, c.qini?.y[i]]) : [],
        },
        ...(c.random
          ? [
              {
                type: "line",
                name: `${name} · ${t("models.random")}`,
                showSymbol: false,
                lineStyle: { type: "dashed" },
                data: c.random.x.map((x, i) => [x, c.random?.y[i]]),
              },
            ]
          : []),
      ]),
    }),
    [curves, t],
  );
  if (models.length === 0) return <Note>{t("models.noMetrics")}</Note>;
  return (
    <>
      <table data-testid="uplift-models">
        <thead>
          <tr>
            <th>{t("models.learner")}</th>
            <th className="num">Qini</th>
            <th className="num">AUUC</th>
            <th className="num">@10%</th>
            <th className="num">@20%</th>
            <th className="num">@30%</th>
          </tr>
        </thead>
        <tbody>
          {models.map(([name, r]) => (
            <tr key={name}>
              <td>{name}</td>
              <td className="num">{num(lang, r.qini, 4)}</td>
              <td className="num">{num(lang, r.auuc, 4)}</td>
              {["10", "20", "30"].map((k) => (
                <td key={k} className="num">
                  {num(lang, r.upliftAt?.[k] ?? null, 4)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t("models.qini")}</h3>
      {curves.length ? (
        <Chart option={option} label={t("models.qini")} />
      ) : (
        <Note>{t("models.noCurves")}</Note>
      )}
    </>
  );
}
