/** The outbox's dead letters (deliveries that failed for good), with retry of the chosen ones or all. */
import { useEffect, useState } from "react";
import { useLoad, useSession } from "../../api/context";
import { ErrorNote, Loading, Note, Panel } from "../../components/Notice";
import { dateTime, num } from "../../format";
import { useI18n } from "../../i18n";
import { href } from "../../router";

/** The dispatcher works in the background: the list looks again this often while it is on screen. */
const REFRESH_MS = 3000;

export function DeadLetters({ nudge }: { nudge: number }) {
  const { lang, t, label } = useI18n();
  const { api } = useSession();
  const [tick, setTick] = useState(0);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [result, setResult] = useState<{ requeued: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { data, error: loadError, loading } = useLoad((a) => a.deliveries("dead", 200), [tick, nudge]);
  useEffect(() => {
    const timer = window.setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, []);

  const retry = async (target: { ids: string[] } | { all: true }) => {
    setError(null);
    try {
      setResult(await api.retryDeliveries(target));
      setChosen(new Set());
      setTick((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };
  const toggle = (id: string) =>
    setChosen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const counts = data?.counts ?? {};
  return (
    <Panel
      title={t("dead.title", { n: num(lang, counts.dead ?? 0) })}
      actions={
        <>
          <button
            type="button"
            disabled={chosen.size === 0}
            onClick={() => retry({ ids: [...chosen] })}
            data-testid="retry-selected"
          >
            {t("dead.retrySelected", { n: chosen.size })}
          </button>
          <button
            type="button"
            disabled={!data?.deliveries.length}
            onClick={() => retry({ all: true })}
            data-testid="retry-all"
          >
            {t("dead.retryAll")}
          </button>
        </>
      }
    >
      <p className="hint">
        {Object.entries(counts)
          .map(([status, n]) => `${label("status", status)} ${num(lang, n)}`)
          .join(" · ")}
      </p>
      {result ? (
        <Note>
          <span data-testid="requeued">{t("dead.requeued", { n: result.requeued })}</span>
        </Note>
      ) : null}
      {error ? <ErrorNote error={error} /> : null}
      {loadError ? <ErrorNote error={loadError} /> : null}
      {!data ? (
        loading ? (
          <Loading />
        ) : null
      ) : data.deliveries.length === 0 ? (
        <Note>{t("dead.none")}</Note>
      ) : (
        <div className="table-wrap tall">
          <table data-testid="dead-letters">
            <thead>
              <tr>
                <th />
                <th>{t("dead.delivery")}</th>
                <th>{t("dead.customer")}</th>
                <th>{t("campaigns.channel")}</th>
                <th className="num">{t("dead.attempts")}</th>
                <th>{t("dead.created")}</th>
                <th>{t("dead.error")}</th>
              </tr>
            </thead>
            <tbody>
              {data.deliveries.map((d) => (
                <tr key={d.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={t("dead.choose", { id: d.id })}
                      checked={chosen.has(d.id)}
                      onChange={() => toggle(d.id)}
                    />
                  </td>
                  <td>
                    <code>{d.id}</code>
                  </td>
                  <td>{d.customerId ? <a href={href("customers", d.customerId)}>{d.customerId}</a> : "–"}</td>
                  <td>{d.channel}</td>
                  <td className="num">{d.attempts}</td>
                  <td>{dateTime(lang, d.createdAt)}</td>
                  <td className="why">{d.lastError}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
