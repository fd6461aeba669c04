/** Counts, today's traffic, conversion and lift against the holdout, and daily trends. */
import { useMemo } from "react";
import { useLoad } from "../api/context";
import type { Overview } from "../api/types";
import { Chart } from "../components/Chart";
import { PALETTE } from "../components/echarts";
import { LiftTable } from "../components/LiftTable";
import { ErrorNote, Loading, Note, Panel, Stat } from "../components/Notice";
import { baseGrid, categoryAxis, intervalSeries, legendTop, percentAxis } from "../components/series";
import { daysBetween, num, pct } from "../format";
import { useI18n } from "../i18n";
import { href } from "../router";

const ARMS = ["contact", "holdout", "control"] as const;
const STATUSES = ["sent", "pending", "retry", "sending", "dead"] as const;

export function OverviewPage() {
  const { lang, t } = useI18n();
  const { data, error, loading } = useLoad((api) => api.overview(30), []);
  if (error) return <ErrorNote error={error} />;
  if (!data) return loading ? <Loading /> : null;
  const overall = data.lift.overall;
  const todaySent = Object.values(data.today.deliveries).reduce((a, b) => a + b, 0);
  const dead = data.deliveries.dead ?? 0;
  return (
    <div className="page overview">
      <div className="stats">
        <Stat testId="stat-customers" label={t("overview.customers")} value={num(lang, data.customers)} />
        <Stat label={t("overview.products")} value={num(lang, data.products)} />
        <Stat label={t("overview.campaigns")} value={num(lang, data.campaigns)} />
        <Stat
          label={t("overview.decisionsToday")}
          value={num(lang, data.today.decisions)}
          hint={data.today.day}
        />
        <Stat
          testId="stat-deliveries-today"
          label={t("overview.deliveriesToday")}
          value={num(lang, todaySent)}
          hint={STATUSES.filter((s) => data.today.deliveries[s])
            .map((s) => `${t(`status.${s}`)} ${num(lang, data.today.deliveries[s])}`)
            .join(" · ")}
        />
        <Stat
          label={t("overview.deadLetters")}
          value={dead > 0 ? <a href={href("campaigns")}>{num(lang, dead)}</a> : num(lang, dead)}
        />
      </div>
      <div className="stats">
        <Stat
          testId="stat-conversion"
          label={t("overview.conversionContacted")}
          value={pct(lang, overall.contacted.rate)}
          hint={t("overview.ofN", { n: num(lang, overall.contacted.n) })}
        />
        <Stat
          label={t("overview.conversionBaseline")}
          value={pct(lang, overall.baseline.rate)}
          hint={t("overview.baselineHint", {
            n: num(lang, overall.baseline.n),
            holdout: num(lang, overall.holdout),
            control: num(lang, overall.control),
          })}
        />
        <Stat
          testId="stat-lift"
          label={t("overview.lift")}
          value={pct(lang, overall.difference.difference)}
          hint={`${t("common.ci", { level: pct(lang, data.lift.confidence, 0) })} ${pct(lang, overall.difference.low)} – ${pct(lang, overall.difference.high)} · ${overall.significant ? t("lift.significant") : t("lift.notSignificant")}`}
        />
        <Stat
          label={t("overview.holdoutShare")}
          value={pct(lang, data.holdoutShare)}
          hint={t("overview.holdoutHint")}
        />
      </div>
      <div className="grid-2">
        <Panel title={t("overview.conversionTrend")}>
          <ConversionTrend data={data} />
        </Panel>
        <Panel title={t("overview.liftByCampaign")}>
          <LiftByCampaign data={data} />
        </Panel>
        <Panel title={t("overview.deliveriesTrend")}>
          <DeliveriesTrend data={data} />
        </Panel>
        <Panel title={t("overview.activityTrend")}>
          <ActivityTrend data={data} />
        </Panel>
      </div>
      <Panel title={t("overview.campaignTable")}>
        <CampaignLift data={data} />
      </Panel>
    </div>
  );
}

function ConversionTrend({ data }: { data: Overview }) {
  const { t } = useI18n();
  const option = useMemo(() => {
    const days = daysBetween(data.trend.since, data.today.day);
    const byDay = new Map(data.trend.decisions.map((d) => [d.day, d]));
    const rate = (d: string, side: "contacted" | "baseline") => {
      const r = byDay.get(d)?.[side].rate;
      return r === null || r === undefined ? null : r * 100;
    };
    return {
      tooltip: { trigger: "axis" },
      legend: legendTop,
      grid: baseGrid,
      xAxis: categoryAxis(days.map((d) => d.slice(5))),
      yAxis: [
        { type: "value", name: t("overview.decisions") },
        { ...percentAxis(t("overview.conversion")), splitLine: { show: false } },
      ],
      series: [
        ...ARMS.map((arm) => ({
          type: "bar",
          name: t(`arm.${arm}`),
          stack: "arms",
          data: days.map((d) => byDay.get(d)?.arms[arm] ?? 0),
        })),
        {
          type: "line",
          name: t("overview.rateContacted"),
          yAxisIndex: 1,
          connectNulls: true,
          data: days.map((d) => rate(d, "contacted")),
        },
        {
          type: "line",
          name: t("overview.rateBaseline"),
          yAxisIndex: 1,
          connectNulls: true,
          lineStyle: { type: "dashed" },
          data: days.map((d) => rate(d, "baseline")),
        },
      ],
    };
  }, [data, t]);
  if (data.trend.decisions.length === 0) return <Note>{t("overview.noDecisions")}</Note>;
  return <Chart option={option} label={t("overview.conversionTrend")} />;
}

function LiftByCampaign({ data }: { data: Overview }) {
  const { lang, t } = useI18n();
  const rows = data.lift.campaigns.filter((c) => c.difference.difference !== null);
  const option = useMemo(
    () => ({
      tooltip: { trigger: "item" },
      legend: legendTop,
      grid: { ...baseGrid, bottom: 64 },
      xAxis: categoryAxis(
        rows.map((c) => c.campaignName ?? c.campaign ?? t("lift.realtime")),
        { axisLabel: { interval: 0, rotate: rows.length > 4 ? 20 : 0 } },
      ),
      yAxis: percentAxis(t("overview.liftAxis")),
      series: [
        {
          type: "scatter",
          name: t("overview.lift"),
          symbolSize: 10,
          data: rows.map((c, i) => [i, (c.difference.difference ?? 0) * 100]),
          markLine: { silent: true, symbol: "none", data: [{ yAxis: 0 }], lineStyle: { color: "#999" } },
        },
        intervalSeries(
          t("common.ci", { level: pct(lang, data.lift.confidence, 0) }),
          rows.map((c, i) => [i, (c.difference.low ?? 0) * 100, (c.difference.high ?? 0) * 100]),
          PALETTE[1] as string,
        ),
      ],
    }),
    [rows, data.lift.confidence, t, lang],
  );
  if (rows.length === 0) return <Note>{t("overview.noLift")}</Note>;
  return <Chart option={option} label={t("overview.liftByCampaign")} />;
}

function DeliveriesTrend({ data }: { data: Overview }) {
  const { t } = useI18n();
  const option = useMemo(() => {
    const days = daysBetween(data.trend.since, data.today.day);
    const byDay = new Map(data.trend.deliveries.map((d) => [d.day, d.status]));
    return {
      tooltip: { trigger: "axis" },
      legend: legendTop,
      grid: baseGrid,
      xAxis: categoryAxis(days.map((d) => d.slice(5))),
      yAxis: { type: "value" },
      series: STATUSES.map((status) => ({
        type: "bar",
        stack: "status",
        name: t(`status.${status}`),
        data: days.map((d) => byDay.get(d)?.[status] ?? 0),
      })),
    };
  }, [data, t]);
  if (data.trend.deliveries.length === 0) return <Note>{t("overview.noDeliveries")}</Note>;
  return <Chart option={option} label={t("overview.deliveriesTrend")} />;
}

function ActivityTrend({ data }: { data: Overview }) {
  const { t } = useI18n();
  const { activity } = data.trend;
  const option = useMemo(() => {
    if (!activity.since || !activity.until) return {};
    const days = daysBetween(activity.since, activity.until);
    const byDay = new Map(activity.days.map((d) => [d.day, d.types]));
    const types = [...new Set(activity.days.flatMap((d) => Object.keys(d.types)))].sort();
    return {
      tooltip: { trigger: "axis" },
      legend: legendTop,
      grid: baseGrid,
      xAxis: categoryAxis(days.map((d) => d.slice(5))),
      yAxis: { type: "value" },
      series: types.map((type) => ({
        type: "line",
        name: type,
        stack: "events",
        areaStyle: { opacity: 0.25 },
        showSymbol: false,
        data: days.map((d) => byDay.get(d)?.[type] ?? 0),
      })),
    };
  }, [activity]);
  if (!activity.until) return <Note>{t("overview.noEvents")}</Note>;
  return (
    <>
      <Chart option={option} label={t("overview.activityTrend")} />
      <p className="hint">{t("overview.activityHint", { until: activity.until.slice(0, 10) })}</p>
    </>
  );
}

function CampaignLift({ data }: { data: Overview }) {
  const { t } = useI18n();
  if (data.lift.campaigns.length === 0) return <Note>{t("overview.noLift")}</Note>;
  return (
    <LiftTable
      groups={data.lift.campaigns}
      heading={t("campaigns.name")}
      name={(c) => c.campaignName ?? c.campaign ?? t("lift.realtime")}
    />
  );
}
