/** The emotion gauge of the latest customer utterance (first, second, combined) and its voice figures. */
import { useMemo } from "react";
import type { CallVoice } from "../../api/types";
import { Chart } from "../../components/Chart";
import { num, pct } from "../../format";
import { useI18n } from "../../i18n";
import type { Line } from "./line";

/** Emotions that call for care: the gauge turns red for them. */
const NEGATIVE = new Set(["negative", "irritated"]);
const GAUGE_COLORS = { negative: "#c94f6d", neutral: "#5b8def", positive: "#3aa675" };
const EMOTIONS = ["positive", "neutral", "negative", "irritated"] as const;

export function EmotionGauge({ line }: { line: Line | undefined }) {
  const { lang, label, t } = useI18n();
  const emotion = line?.emotion ?? null;
  const value = emotion ? Math.round(emotion.intensity * 100) : 0;
  const option = useMemo(() => {
    const color = !emotion
      ? GAUGE_COLORS.neutral
      : NEGATIVE.has(emotion.label)
        ? GAUGE_COLORS.negative
        : emotion.label === "positive"
          ? GAUGE_COLORS.positive
          : GAUGE_COLORS.neutral;
    return {
      series: [
        {
          type: "gauge",
          min: 0,
          max: 100,
          progress: { show: true, width: 14 },
          axisLine: { lineStyle: { width: 14 } },
          itemStyle: { color },
          pointer: { show: true },
          detail: { valueAnimation: false, formatter: "{value}", fontSize: 22, offsetCenter: [0, "70%"] },
          title: { offsetCenter: [0, "95%"], fontSize: 14 },
          data: [{ value, name: emotion ? label("emotion", emotion.label) : "–" }],
        },
      ],
    };
  }, [emotion, value, label]);
  return (
    <div
      data-testid="emotion"
      data-emotion={emotion?.label ?? ""}
      data-intensity={emotion ? value : ""}
      data-alarm={emotion ? NEGATIVE.has(emotion.label) : false}
    >
      <Chart option={option} label={t("calls.emotion")} height={220} />
      {emotion && line ? (
        <>
          <p className={`hint ${NEGATIVE.has(emotion.label) ? "bad" : ""}`}>
            {t("calls.emotionOf", {
              turn: line.turn,
              label: label("emotion", emotion.label),
              intensity: value,
            })}
          </p>
          <dl className="facts compact">
            <div>
              <dt>{t("calls.first")}</dt>
              <dd data-testid="emotion-first">
                {t("calls.firstValue", {
                  label: label("emotion", emotion.first.label),
                  intensity: num(lang, emotion.first.intensity, 2),
                })}
              </dd>
            </div>
            <div>
              <dt>{t("calls.second")}</dt>
              <dd data-testid="emotion-second">
                {t("calls.secondValue", {
                  label: label("emotion", emotion.second.label),
                  confidence: pct(lang, emotion.second.confidence, 0),
                })}
              </dd>
            </div>
            <div>
              <dt>{t("calls.weights")}</dt>
              <dd data-testid="emotion-weights">
                {t("calls.weightsValue", {
                  first: num(lang, emotion.weights.first, 2),
                  second: num(lang, emotion.weights.second, 2),
                })}
              </dd>
            </div>
            {emotion.probabilities ? (
              <div className="wide">
                <dt>{t("calls.probabilities")}</dt>
                <dd>
                  {EMOTIONS.map(
                    (e) => `${label("emotion", e)} ${pct(lang, emotion.probabilities?.[e] ?? null, 0)}`,
                  ).join(" · ")}
                </dd>
              </div>
            ) : null}
          </dl>
        </>
      ) : (
        <p className="hint">{t("calls.noEmotion")}</p>
      )}
    </div>
  );
}

export function VoiceFigures({ voice }: { voice: CallVoice }) {
  const { lang, t } = useI18n();
  const figures: [string, string][] = [
    [
      t("calls.pitch"),
      t("calls.pitchValue", {
        mean: num(lang, voice.pitchMeanHz, 0),
        range: num(lang, voice.pitchRangeHz, 0),
      }),
    ],
    [t("calls.pitchSlope"), t("calls.pitchSlopeValue", { slope: num(lang, voice.pitchSlope, 1) })],
    [t("calls.energy"), t("calls.energyValue", { energy: num(lang, voice.energy, 1) })],
    [t("calls.speechRate"), `${num(lang, voice.speechRate, 2)} ${voice.speechRateUnit}`],
    [
      t("calls.pauses"),
      t("calls.pausesValue", { count: voice.pauses.count, total: num(lang, voice.pauses.totalS, 2) }),
    ],
    [t("calls.voiced"), pct(lang, voice.voicedRatio, 0)],
    [t("calls.duration"), t("calls.seconds", { s: num(lang, voice.durationS, 2) })],
  ];
  return (
    <dl className="facts compact" data-testid="voice">
      {figures.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
