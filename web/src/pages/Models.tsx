/**
 * The model registry: every version with its headline figure; one model's held-out metrics drawn as its
 * kind stores them (calibration and ROC for propensity, Qini curves for uplift, selection and confusion
 * matrix for text, silhouette for segments), and a retrain button for the models learned from the store.
 */
import { useState } from "react";
import { useLoad, useSession } from "../api/context";
import type { ModelDetail, Retrained } from "../api/types";
import { ErrorNote, Loading, Note, Panel, Stat } from "../components/Notice";
import { dateTime, num } from "../format";
import { useI18n } from "../i18n";
import { href, navigate } from "../router";
import { headline } from "./models/metrics";
import { GenericMetrics, SegmentMetrics, TextMetrics } from "./models/OtherMetrics";
import { PropensityMetrics } from "./models/PropensityMetrics";
import { UpliftMetrics } from "./models/UpliftMetrics";

export function ModelsPage({ id }: { id: string | null }) {
  const { lang, t } = useI18n();
  const [version, setVersion] = useState(0);
  const [retrained, setRetrained] = useState<Retrained | null>(null);
  const { data, error, loading } = useLoad((api) => api.models(), [version]);
  if (error) return <ErrorNote error={error} />;
  if (!data) return loading ? <Loading /> : null;
  return (
    <div className="page models">
      {retrained ? (
        <Note>
          <span data-testid="retrained">
            {t("models.retrained", {
              id: retrained.model.id,
              previous: retrained.previous,
              seconds: retrained.seconds,
            })}
          </span>
        </Note>
      ) : null}
      <Panel title={t("models.registry", { n: data.models.length })}>
        {data.models.length === 0 ? (
          <Note>{t("models.none")}</Note>
        ) : (
          <div className="table-wrap">
            <table data-testid="model-list">
              <thead>
                <tr>
                  <th>{t("models.id")}</th>
                  <th>{t("models.kind")}</th>
                  <th className="num">{t("models.version")}</th>
                  <th>{t("models.created")}</th>
                  <th>{t("models.headline")}</th>
                </tr>
              </thead>
              <tbody>
                {data.models.map((m) => (
                  <tr key={m.id} className={m.id === id ? "selected" : undefined}>
                    <td>
                      <a href={href("models", m.id)}>{m.id}</a>
                    </td>
                    <td>{m.kind}</td>
                    <td className="num">{num(lang, m.version)}</td>
                    <td>{dateTime(lang, m.createdAt)}</td>
                    <td>{headline(m.kind, m.metrics)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
      {id ? (
        <ModelView
          key={`${id}-${version}`}
          id={id}
          onRetrained={(result) => {
            setRetrained(result);
            setVersion((v) => v + 1);
            navigate("models", result.model.id);
          }}
        />
      ) : null}
    </div>
  );
}

function ModelView({ id, onRetrained }: { id: string; onRetrained: (result: Retrained) => void }) {
  const { lang, t } = useI18n();
  const { data, error, loading } = useLoad((api) => api.model(id), [id]);
  if (error) return <ErrorNote error={error} />;
  if (!data) return loading ? <Loading /> : null;
  return (
    <Panel
      title={t("models.detail", { id: data.id })}
      actions={<RetrainButton model={data} onDone={onRetrained} />}
    >
      <div className="stats">
        <Stat label={t("models.kind")} value={data.kind} />
        <Stat label={t("models.version")} value={`${data.name} v${data.version}`} />
        <Stat label={t("models.created")} value={dateTime(lang, data.createdAt)} />
        <Stat label={t("models.features")} value={num(lang, data.features.length)} />
        <Stat label={t("models.parameters")} value={num(lang, data.parameters)} />
        <Stat
          label={t("models.fingerprint")}
          value={<code title={data.fingerprint}>{data.fingerprint.slice(0, 19)}…</code>}
        />
      </div>
      <KindMetrics model={data} />
      <details>
        <summary>{t("models.featureList", { n: data.features.length })}</summary>
        <p className="feature-list">{data.features.join(", ")}</p>
      </details>
    </Panel>
  );
}

function KindMetrics({ model }: { model: ModelDetail }) {
  if (model.kind === "propensity") return <PropensityMetrics model={model} />;
  if (model.kind === "uplift") return <UpliftMetrics model={model} />;
  if (model.kind === "text") return <TextMetrics model={model} />;
  if (model.kind === "segment") return <SegmentMetrics model={model} />;
  return <GenericMetrics model={model} />;
}

function RetrainButton({ model, onDone }: { model: ModelDetail; onDone: (result: Retrained) => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [state, setState] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  if (!model.retrain)
    return <span className="muted small">{t("models.retrainFromFile", { kind: model.kind })}</span>;
  const retrain = async () => {
    setState({ busy: true });
    try {
      onDone(await api.retrain(model.id));
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  return (
    <div className="retrain">
      <button type="button" onClick={retrain} disabled={state.busy} data-testid="retrain">
        {state.busy ? t("models.retraining") : t("models.retrain")}
      </button>
      {state.error ? <ErrorNote error={state.error} /> : null}
    </div>
  );
}
