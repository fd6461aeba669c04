/** The latest segment run: clusters on a 2-D projection, their sizes, share weights g = b/a and pushes. */
import { useMemo } from "react";
import { ApiError } from "../api/client";
import { useLoad } from "../api/context";
import type { Segments } from "../api/types";
import { Chart } from "../components/Chart";
import { ErrorNote, Loading, Note, Panel, Stat } from "../components/Notice";
import { dateTime, num, pct } from "../format";
import { useI18n } from "../i18n";

export function SegmentsPage() {
  const { lang, t } = useI18n();
  const { data, error, loading } = useLoad((api) => api.segments(), []);
  if (error instanceof ApiError && error.status === 404) return <Note>{t("segments.none")}</Note>;
  if (error) return <ErrorNote error={error} />;
  if (!data) return loading ? <Loading /> : null;
  return (
    <div className="page segments">
      <div className="stats">
        <Stat label={t("segments.model")} value={data.model} hint={dateTime(lang, data.createdAt)} />
        <Stat label={t("segments.population")} value={num(lang, data.population)} />
        <Stat label={t("segments.k")} value={num(lang, data.k)} />
        <Stat label={t("segments.silhouette")} value={num(lang, data.silhouette, 3)} />
        <Stat
          label={t("segments.features")}
          value={`${data.features.extractor} ${data.features.inputs} → ${data.features.dimensions}`}
        />
        <Stat testId="stat-candidates" label={t("segments.candidates")} value={num(lang, data.candidates)} />
      </div>
      <div className="grid-2">
        <Panel title={t("segments.projection")}>
          <Projection data={data} />
        </Panel>
        <Panel title={t("segments.sizes")}>
          <Sizes data={data} />
        </Panel>
      </div>
      <Panel title={t("segments.shares")}>
        <ShareHeatmap data={data} />
      </Panel>
      <Panel title={t("segments.pushes")}>
        <PushTable data={data} />
      </Panel>
      {data.kScores.length > 1 ? (
        <Panel title={t("segments.kScores")}>
          <KScores data={data} />
        </Panel>
      ) : null}
    </div>
  );
}

function Projection({ data }: { data: Segments }) {
  const { lang, t } = useI18n();
  const option = useMemo(
    () => ({
      tooltip: { trigger: "item" },
      legend: { top: 8 },
      grid: { left: 40, right: 16, top: 40, bottom: 32 },
      xAxis: { type: "value", scale: true },
      yAxis: { type: "value", scale: true },
      series: data.clusters.map((c) => ({
        type: "scatter",
        name: t("segments.cluster", { id: c.id }),
        symbolSize: 5,
        large: true,
        data: data.projection.filter((p) => p[2] === c.id).map((p) => [p[0], p[1]]),
      })),
    }),
    [data, t],
  );
  return (
    <>
      <Chart option={option} label={t("segments.projection")} height={340} />
      <p className="hint">{t("segments.projectionHint", { n: num(lang, data.projection.length) })}</p>
    </>
  );
}

function Sizes({ data }: { data: Segments }) {
  const { t } = useI18n();
  const option = useMemo(
    () => ({
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      legend: { top: 8 },
      series: [
        {
          type: "pie",
          radius: ["40%", "68%"],
          top: 24,
          data: data.clusters.map((c) => ({ name: t("segments.cluster", { id: c.id }), value: c.size })),
        },
      ],
    }),
    [data, t],
  );
  return <Chart option={option} label={t("segments.sizes")} height={340} />;
}

function ShareHeatmap({ data }: { data: Segments }) {
  const { lang, t } = useI18n();
  const option = useMemo(() => {
    const products = [
      ...new Map(data.clusters.flatMap((c) => c.topProducts.map((p) => [p.productId, p.name]))).entries(),
    ];
    const clusters = data.clusters.map((c) => t("segments.cluster", { id: c.id }));
    const cells = data.clusters.flatMap((c, y) =>
      c.topProducts.map((p) => [
        products.findIndex(([id]) => id === p.productId),
        y,
        Math.round(p.share * 1000) / 1000,
      ]),
    );
    return {
      tooltip: {
        trigger: "item",
        formatter: (p: { value: [number, number, number] }) =>
          `${clusters[p.value[1]]} · ${products[p.value[0]]?.[1]}: g = ${pct(lang, p.value[2])}`,
      },
      grid: { left: 90, right: 24, top: 16, bottom: 110 },
      xAxis: {
        type: "category",
        data: products.map(([, name]) => name),
        axisLabel: { interval: 0, rotate: 30 },
      },
      yAxis: { type: "category", data: clusters },
      visualMap: {
        min: 0,
        max: Math.max(0.05, ...cells.map((c) => c[2] as number)),
        orient: "horizontal",
        left: "center",
        bottom: 0,
        calculable: false,
        itemHeight: 120,
      },
      series: [
        {
          type: "heatmap",
          data: cells,
          label: { show: true, formatter: (p: { value: number[] }) => pct(lang, p.value[2], 0) },
        },
      ],
    };
  }, [data, lang, t]);
  return (
    <>
      <Chart
        option={option}
        label={t("segments.shares")}
        height={Math.max(240, data.clusters.length * 48 + 150)}
      />
      <p className="hint">{t("segments.sharesHint")}</p>
    </>
  );
}

function PushTable({ data }: { data: Segments }) {
  const { lang, t } = useI18n();
  return (
    <div className="table-wrap">
      <table data-testid="segment-pushes">
        <thead>
          <tr>
            <th>{t("segments.clusterCol")}</th>
            <th className="num">{t("segments.size")}</th>
            <th>{t("segments.push")}</th>
            <th className="num">g</th>
            <th className="num">{t("segments.pushCandidates")}</th>
            <th>{t("segments.reason")}</th>
          </tr>
        </thead>
        <tbody>
          {data.clusters.map((c) => (
            <tr key={c.id}>
              <td>{t("segments.cluster", { id: c.id })}</td>
              <td className="num">{num(lang, c.size)}</td>
              <td>{c.push ? c.push.name : <span className="muted">{t("segments.noPush")}</span>}</td>
              <td className="num">{c.push ? pct(lang, c.push.share) : "–"}</td>
              <td className="num">{c.push ? num(lang, c.push.candidates) : "–"}</td>
              <td className="why">{c.push?.reason ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function KScores({ data }: { data: Segments }) {
  const { t } = useI18n();
  const option = useMemo(
    () => ({
      tooltip: { trigger: "axis" },
      grid: { left: 56, right: 24, top: 24, bottom: 32 },
      xAxis: { type: "category", name: "k", data: data.kScores.map((s) => String(s.k)) },
      yAxis: { type: "value", name: t("segments.silhouette") },
      series: [{ type: "line", data: data.kScores.map((s) => s.silhouette) }],
    }),
    [data, t],
  );
  return <Chart option={option} label={t("segments.kScores")} height={220} />;
}
