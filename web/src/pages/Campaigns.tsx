/**
 * Campaigns: the list with run and report, a form for a new one, the chosen campaign's last run and its
 * lift report with confidence intervals, and the dead letters with retry.
 */
import { useState } from "react";
import { useLoad, useSession } from "../api/context";
import type { Campaign, CampaignRun } from "../api/types";
import { ErrorNote, Loading, Note, Panel, Stat } from "../components/Notice";
import { dateTime, num, pct } from "../format";
import { useI18n } from "../i18n";
import { href, navigate } from "../router";
import { CampaignForm } from "./campaigns/CampaignForm";
import { CampaignReport } from "./campaigns/CampaignReport";
import { DeadLetters } from "./campaigns/DeadLetters";

/** Deliveries are sent in the background: the report and dead letters look again after this long. */
const AFTER_RUN_MS = 1500;

export function CampaignsPage({ id }: { id: string | null }) {
  const { lang, t } = useI18n();
  const { api } = useSession();
  const [version, setVersion] = useState(0);
  const [showForm, setShowForm] = useState(false);
  const [run, setRun] = useState<{
    campaign: string;
    report?: CampaignRun;
    error?: unknown;
    busy: boolean;
  } | null>(null);
  const { data, error, loading } = useLoad(
    async (a) => {
      const [campaigns, overview] = await Promise.all([a.campaigns(), a.overview(1)]);
      return { campaigns, holdoutShare: overview.holdoutShare };
    },
    [version],
  );
  const selected = data?.campaigns.find((c) => c.id === id) ?? null;

  const runCampaign = async (campaign: Campaign) => {
    navigate("campaigns", campaign.id);
    setRun({ campaign: campaign.id, busy: true });
    try {
      const report = await api.runCampaign(campaign.id);
      setRun({ campaign: campaign.id, report, busy: false });
    } catch (e) {
      setRun({ campaign: campaign.id, error: e, busy: false });
    }
    setVersion((v) => v + 1);
    window.setTimeout(() => setVersion((v) => v + 1), AFTER_RUN_MS);
  };

  if (error) return <ErrorNote error={error} />;
  if (!data) return loading ? <Loading /> : null;
  return (
    <div className="page campaigns">
      <Panel
        title={t("campaigns.list", { n: data.campaigns.length })}
        actions={
          <button type="button" onClick={() => setShowForm((s) => !s)} data-testid="new-campaign">
            {showForm ? t("campaigns.closeForm") : t("campaigns.new")}
          </button>
        }
      >
        {showForm ? (
          <CampaignForm
            holdoutShare={data.holdoutShare}
            onCreated={(created) => {
              setShowForm(false);
              setVersion((v) => v + 1);
              navigate("campaigns", created.id);
            }}
          />
        ) : null}
        {data.campaigns.length === 0 ? (
          <Note>{t("campaigns.none")}</Note>
        ) : (
          <div className="table-wrap">
            <table data-testid="campaign-list">
              <thead>
                <tr>
                  <th>{t("campaigns.name")}</th>
                  <th>{t("campaigns.source")}</th>
                  <th>{t("campaigns.channel")}</th>
                  <th className="num">{t("campaigns.controlShareShort")}</th>
                  <th>{t("campaigns.schedule")}</th>
                  <th>{t("campaigns.lastRun")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {data.campaigns.map((c) => (
                  <tr key={c.id} className={c.id === id ? "selected" : undefined} data-campaign={c.name}>
                    <td>
                      <a href={href("campaigns", c.id)}>{c.name}</a>
                    </td>
                    <td>
                      {c.source}
                      {c.offerId ? <span className="muted"> · {c.offerId}</span> : null}
                    </td>
                    <td>{c.channel}</td>
                    <td className="num">{pct(lang, c.controlShare, 0)}</td>
                    <td>
                      {c.schedule
                        ? t(`campaigns.schedule.${c.schedule as "once"}`)
                        : t("campaigns.schedule.manual")}
                    </td>
                    <td>{dateTime(lang, c.lastRunAt)}</td>
                    <td className="actions">
                      <button
                        type="button"
                        onClick={() => runCampaign(c)}
                        disabled={run?.busy === true || c.status !== "active"}
                        data-testid="run-campaign"
                      >
                        {run?.busy && run.campaign === c.id ? t("campaigns.running") : t("campaigns.run")}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
      {run && run.campaign === selected?.id ? <RunResult run={run} name={selected.name} /> : null}
      {selected ? <CampaignReport campaign={selected} nudge={version} /> : <Note>{t("campaigns.pick")}</Note>}
      <DeadLetters nudge={version} />
    </div>
  );
}

function RunResult({
  run,
  name,
}: {
  run: { report?: CampaignRun; error?: unknown; busy: boolean };
  name: string;
}) {
  const { lang, t, label } = useI18n();
  if (run.busy) return <Loading />;
  if (run.error) return <ErrorNote error={run.error} />;
  const r = run.report;
  if (!r) return null;
  return (
    <Panel title={t("run.title", { name, day: r.slot.slice(r.slot.lastIndexOf(":") + 1) })}>
      <div className="stats" data-testid="run-result">
        <Stat
          label={t("run.inAudience")}
          value={num(lang, r.inAudience)}
          hint={t("run.of", { n: num(lang, r.customers) })}
        />
        <Stat testId="run-contacted" label={t("run.contacted")} value={num(lang, r.contacted)} />
        <Stat label={t("run.holdout")} value={num(lang, r.holdout)} />
        <Stat label={t("run.control")} value={num(lang, r.control)} />
        <Stat label={t("run.deliveries")} value={num(lang, r.deliveries)} />
        <Stat label={t("run.overBudget")} value={num(lang, r.overBudget)} />
        <Stat label={t("run.deferred")} value={num(lang, r.deferred)} />
        <Stat label={t("run.alreadyDecided")} value={num(lang, r.alreadyDecided)} />
      </div>
      {Object.keys(r.drops).length ? (
        <p className="hint">
          {t("run.drops")}{" "}
          {Object.entries(r.drops)
            .map(([policy, n]) => `${label("policy", policy)} ${num(lang, n)}`)
            .join(" · ")}
        </p>
      ) : null}
    </Panel>
  );
}
