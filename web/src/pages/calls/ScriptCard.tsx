/** One recommended script with its reasons and the agent's 0–100 rating control. */
import { useState } from "react";
import { useSession } from "../../api/context";
import type { CallScript, ScriptRated } from "../../api/types";
import { ErrorNote } from "../../components/Notice";
import { num } from "../../format";
import { useI18n } from "../../i18n";

export function ScriptCard({
  callId,
  utteranceId,
  script,
  before,
}: {
  callId: string;
  utteranceId: string;
  script: CallScript;
  before: number | undefined;
}) {
  const { lang, label, t } = useI18n();
  const { api } = useSession();
  const [rating, setRating] = useState(before ?? 50);
  const [state, setState] = useState<{ busy: boolean; rated?: ScriptRated; error?: unknown }>({
    busy: false,
  });
  const rate = async () => {
    setState({ busy: true });
    try {
      setState({ busy: false, rated: await api.rate(callId, { utteranceId, scriptId: script.id, rating }) });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  const rated = state.rated;
  return (
    <li className="script" data-script={script.id}>
      <p className="script-text">{script.text}</p>
      <p className="hint">
        <span className="chip">
          {t("calls.tone")}: {label("tone", script.tone)}
        </span>
        {script.product ? (
          <span className="chip">
            {t("calls.product")}: {label("productKind", script.product)}
          </span>
        ) : null}
        <span data-testid="script-reasons">{script.reasons.join(" · ")}</span> ·{" "}
        {t("calls.score", { score: num(lang, script.score, 2) })}
      </p>
      <div className="rating">
        <label htmlFor={`rating-${script.id}`}>{t("calls.rating")}</label>
        <input
          id={`rating-${script.id}`}
          type="range"
          min={0}
          max={100}
          step={1}
          value={rating}
          onChange={(e) => setRating(Number(e.target.value))}
        />
        <output htmlFor={`rating-${script.id}`}>{rating}</output>
        <button type="button" onClick={rate} disabled={state.busy} data-testid="rate-script">
          {state.busy ? t("calls.rateBusy") : t("calls.rate")}
        </button>
        {rated ? (
          <span
            className={rated.example ? "good small" : "muted small"}
            data-testid="rated"
            data-example={rated.example}
          >
            {rated.example
              ? t("calls.example", { rating: rated.rating, examples: rated.examples })
              : t("calls.notExample", {
                  rating: rated.rating,
                  threshold: rated.threshold,
                  examples: rated.examples,
                })}
          </span>
        ) : before !== undefined ? (
          <span className="muted small" data-testid="rated-before">
            {t("calls.ratedBefore", { rating: before })}
          </span>
        ) : null}
      </div>
      {state.error ? <ErrorNote error={state.error} /> : null}
    </li>
  );
}
