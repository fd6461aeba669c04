/**
 * One campaign's lift: conversion of the contacted customers against the baseline (global holdout and
 * the campaign's control group), per source and channel, with confidence intervals.
 */
import { useMemo } from "react";
import { useLoad } from "../../api/context";
import type { Campaign, LiftGroup } from "../../api/types";
import { Chart } from "../../components/Chart";
import { LiftTable } from "../../components/LiftTable";
import { ErrorNote, Loading, Note, Panel } from "../../components/Notice";
import { baseGrid, intervalSeries, legendTop, percentAxis } from "../../components/series";
import { pct } from "../../format";
import { useI18n } from "../../i18n";

const groupName = (g: LiftGroup, all: string) => (g.source === null ? all : `${g.source} · ${g.channel}`);

export function CampaignReport({ campaign, nudge }: { campaign: Campaign; nudge: number }) {
  const { lang, t } = useI18n();
  const { data, error, loading } = useLoad((api) => api.lift(campaign.id), [campaign.id, nudge]);
  const groups = useMemo(
    () => (data?.groups ?? []).filter((g) => g.campaign === campaign.id),
    [data, campaign.id],
  );
  const option = useMemo(() => {
    const names = groups.map((g) => groupName(g, t("report.allSources")));
    const rates = (side: "contacted" | "baseline") => groups.map((g) => (g[side].rate ?? 0) * 100);
    const whiskers = (side: "contacted" | "baseline") =>
      groups.map(
        (g, i) => [i, (g[side].low ?? 0) * 100, (g[side].high ?? 0) * 100] as [number, number, number],
      );
    return {
      tooltip: { trigger: "axis" },
      legend: legendTop,
      grid: baseGrid,
      xAxis: { type: "category", data: names },
      yAxis: percentAxis(t("overview.conversion")),
      series: [
        // Two bars share each band: ECharts centres them a quarter of the bar gap either side.
        { type: "bar", name: t("lift.contacted"), data: rates("contacted"), barWidth: "30%", barGap: "10%" },
        { type: "bar", name: t("lift.baseline"), data: rates("baseline"), barWidth: "30%" },
        intervalSeries(t("report.ciContacted"), whiskers("contacted"), "#13233d", -0.165),
        intervalSeries(t("report.ciBaseline"), whiskers("baseline"), "#7a4a12", 0.165),
      ],
    };
  }, [groups, t]);
  return (
    <Panel title={t("report.title", { name: campaign.name })}>
      {error ? <ErrorNote error={error} /> : null}
      {!data ? (
        loading ? (
          <Loading />
        ) : null
      ) : groups.length === 0 ? (
        <Note>{t("report.empty")}</Note>
      ) : (
        <>
          <LiftTable
            groups={groups}
            heading={t("report.group")}
            name={(g) => groupName(g, t("report.allSources"))}
            detailed
            testId="campaign-report"
          />
          <Chart option={option} label={t("report.chart")} />
          <p className="hint">{t("report.hint", { level: pct(lang, data.confidence, 0) })}</p>
        </>
      )}
    </Panel>
  );
}
