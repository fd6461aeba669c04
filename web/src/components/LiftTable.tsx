/**
 * A table of lift groups: conversion of the contacted customers against the baseline (global holdout and
 * control groups) with confidence intervals, the difference, the relative lift and its p-value. The
 * overview lists one row per campaign; a campaign's report one row per source and channel, with the
 * counts behind each rate and the holdout and control sizes (`detailed`).
 */
import type { ReactNode } from "react";
import type { ArmSummary, LiftGroup } from "../api/types";
import { num, pctInterval } from "../format";
import { useI18n } from "../i18n";

export interface LiftTableProps {
  groups: readonly LiftGroup[];
  /** The first column's heading and each row's name in it. */
  heading: string;
  name: (group: LiftGroup) => string;
  /** Conversions / n under each rate, holdout / control sizes, significance under the difference. */
  detailed?: boolean;
  testId?: string;
}

export function LiftTable({ groups, heading, name, detailed = false, testId }: LiftTableProps) {
  const { lang, t } = useI18n();
  const rate = (arm: ArmSummary): ReactNode => (
    <>
      {pctInterval(lang, arm.rate, arm.low, arm.high)}
      {detailed ? (
        <div className="muted">
          {num(lang, arm.conversions)} / {num(lang, arm.n)}
        </div>
      ) : (
        <>
          {" "}
          <span className="muted">n={num(lang, arm.n)}</span>
        </>
      )}
    </>
  );
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>
            <th>{heading}</th>
            <th>{t("lift.contacted")}</th>
            <th>{t("lift.baseline")}</th>
            {detailed ? <th>{t("report.holdoutControl")}</th> : null}
            <th>{t("lift.difference")}</th>
            <th>{t("lift.relative")}</th>
            <th>{t("lift.pValue")}</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={`${g.campaign}-${g.source}-${g.channel}`}>
              <td>{name(g)}</td>
              <td>{rate(g.contacted)}</td>
              <td>{rate(g.baseline)}</td>
              {detailed ? (
                <td>
                  {num(lang, g.holdout)} / {num(lang, g.control)}
                </td>
              ) : null}
              <td className={g.significant ? "good" : undefined}>
                {pctInterval(lang, g.difference.difference, g.difference.low, g.difference.high)}
                {detailed ? (
                  <div className="muted">
                    {g.significant ? t("lift.significant") : t("lift.notSignificant")}
                  </div>
                ) : null}
              </td>
              <td>{pctInterval(lang, g.relative.lift, g.relative.low, g.relative.high, 0)}</td>
              <td>{g.pValue === null ? "–" : num(lang, g.pValue, 4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
