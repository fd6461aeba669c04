/**
 * Type a marketing message and see what Nudge makes of it: category and which path decided it
 * (classifier or keyword dictionary), keywords, extracted fields (amounts, rates, dates, term, age range,
 * risk level), the tags, and the customers it suits (nothing is written).
 */
import { type FormEvent, useMemo, useState } from "react";
import { useSession } from "../api/context";
import type { Classification } from "../api/types";
import { Chart } from "../components/Chart";
import { ErrorNote, Note, Panel, Stat } from "../components/Notice";
import { num, pct } from "../format";
import { useI18n } from "../i18n";
import { href } from "../router";

const AUDIENCE_TOP = 20;

/** An extracted field as people read it: the words it came from, then what was read from them. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return "–";
  if (Array.isArray(value)) return value.map(describe).join("; ") || "–";
  if (typeof value !== "object") return String(value);
  const { text, ...rest } = value as Record<string, unknown>;
  const details = Object.entries(rest)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k} ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(", ");
  return text ? `${String(text)}${details ? ` (${details})` : ""}` : details || "–";
}
const CHANNELS = ["", "inapp", "email", "sms", "wecom"];

export function MessagesPage() {
  const { lang, t } = useI18n();
  const { api } = useSession();
  const [text, setText] = useState("");
  const [channel, setChannel] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Classification | null>(null);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await api.classify(text.trim(), { top: AUDIENCE_TOP, ...(channel ? { channel } : {}) }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page messages">
      <Panel title={t("messages.compose")}>
        <form onSubmit={submit} className="message-form">
          <label htmlFor="message-text">{t("messages.text")}</label>
          <textarea
            id="message-text"
            rows={4}
            value={text}
            maxLength={4000}
            placeholder={t("messages.placeholder")}
            onChange={(e) => setText(e.target.value)}
          />
          <div className="inline-form">
            <label htmlFor="message-channel">{t("messages.channel")}</label>
            <select id="message-channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {c || t("messages.anyChannel")}
                </option>
              ))}
            </select>
            <button type="submit" disabled={busy || !text.trim()} data-testid="classify">
              {busy ? t("messages.classifying") : t("messages.classify")}
            </button>
            <button type="button" className="link" onClick={() => setText(t("messages.example"))}>
              {t("messages.useExample")}
            </button>
          </div>
        </form>
      </Panel>
      {error ? <ErrorNote error={error} /> : null}
      {result ? <ClassificationView result={result} lang={lang} /> : null}
    </div>
  );
}

function ClassificationView({ result, lang }: { result: Classification; lang: "en" | "zh" }) {
  const { t, label } = useI18n();
  const probabilities = useMemo(() => {
    const entries = Object.entries(result.classifier?.probabilities ?? {}).sort((a, b) => a[1] - b[1]);
    return {
      tooltip: { trigger: "item" },
      grid: { left: 110, right: 24, top: 8, bottom: 24 },
      xAxis: { type: "value", max: 1 },
      yAxis: { type: "category", data: entries.map(([k]) => k) },
      series: [{ type: "bar", data: entries.map(([, v]) => v) }],
    };
  }, [result]);
  return (
    <>
      <div className="stats" data-testid="classification">
        <Stat
          testId="category"
          label={t("messages.category")}
          value={result.category ?? t("messages.noCategory")}
        />
        <Stat label={t("messages.confidence")} value={pct(lang, result.confidence)} />
        <Stat label={t("messages.path")} value={label("path", result.path)} />
        {result.audience ? (
          <Stat
            testId="audience-size"
            label={t("messages.matched")}
            value={num(lang, result.audience.matched.length)}
            hint={t("messages.scanned", { n: num(lang, result.audience.scanned) })}
          />
        ) : null}
      </div>
      <div className="grid-2">
        <Panel title={t("messages.fields")}>
          {Object.keys(result.fields).length === 0 ? (
            <Note>{t("messages.noFields")}</Note>
          ) : (
            <dl className="facts" data-testid="fields">
              {Object.entries(result.fields).map(([name, value]) => (
                <div key={name}>
                  <dt>{label("field", name)}</dt>
                  <dd>{describe(value)}</dd>
                </div>
              ))}
            </dl>
          )}
        </Panel>
        <Panel title={t("messages.tags")}>
          {result.tags ? (
            <dl className="facts" data-testid="tags">
              {Object.entries(result.tags).map(([name, value]) => (
                <div key={name}>
                  <dt>{name}</dt>
                  <dd>{describe(value)}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <Note>{t("messages.noTags")}</Note>
          )}
        </Panel>
        <Panel title={t("messages.keywords")}>
          <p className="chips">
            {result.keywords.map((k) => (
              <span key={k.term} className="chip" title={String(k.weight)}>
                {k.term}
              </span>
            ))}
            {result.keywords.length === 0 ? <span className="muted">–</span> : null}
          </p>
          <p className="hint">
            {t("messages.dictionary")}: {result.dictionary.category ?? "–"}
            {result.dictionary.matched.length ? ` (${result.dictionary.matched.join(", ")})` : ""}
          </p>
        </Panel>
        <Panel title={t("messages.classifier")}>
          {result.classifier ? (
            <>
              <p className="hint">
                {result.classifier.model}: {result.classifier.label} (
                {pct(lang, result.classifier.confidence)})
              </p>
              <Chart option={probabilities} label={t("messages.probabilities")} height={220} />
            </>
          ) : (
            <Note>{t("messages.noClassifier")}</Note>
          )}
        </Panel>
      </div>
      {result.audience ? (
        <Panel title={t("messages.audience", { n: result.audience.matched.length })}>
          <p className="hint">
            {t("messages.excluded", {
              age: num(lang, result.audience.excluded.age),
              risk: num(lang, result.audience.excluded.risk),
              consent: num(lang, result.audience.excluded.consent),
            })}
          </p>
          {result.audience.matched.length === 0 ? (
            <Note>{t("messages.nobody")}</Note>
          ) : (
            <div className="table-wrap">
              <table data-testid="audience">
                <thead>
                  <tr>
                    <th>{t("customer.id")}</th>
                    <th className="num">{t("messages.score")}</th>
                    <th>{t("messages.matchedTerms")}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.audience.matched.map((m) => (
                    <tr key={m.customerId}>
                      <td>
                        <a href={href("customers", m.customerId)}>{m.customerId}</a>
                      </td>
                      <td className="num">{num(lang, m.score, 3)}</td>
                      <td>{m.matched.join(", ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Panel>
      ) : null}
    </>
  );
}
