/**
 * The agent's screen during a call: pick a recent call or start a new one; the transcript (read back with
 * GET /v1/calls/{id}, then kept live by the WebSocket /v1/calls/{id}/stream, which sends every utterance
 * of the call whoever posted it); an emotion gauge for the customer's latest utterance with the first
 * (lexicon) and second (model) emotions and their weights; voice figures when the utterance came as
 * audio; the scripts recommended for it, each with a 0–100 rating (POST /v1/calls/{id}/ratings) that at
 * or above the server's threshold becomes a training example; and the model versions. Utterances typed
 * here go to POST /v1/calls/{id}/utterances; its answer and the stream carry the same utterance, kept once
 * by its id.
 */
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ApiError } from "../api/client";
import { useLoad, useSession } from "../api/context";
import type {
  CallSpeaker,
  CallStreamMessage,
  CallSummary,
  CallUtterance,
  StoredUtterance,
} from "../api/types";
import { ErrorNote, Note, Panel } from "../components/Notice";
import { dateTime } from "../format";
import { useI18n } from "../i18n";
import { navigate } from "../router";
import { EmotionGauge, VoiceFigures } from "./calls/EmotionPanel";
import type { Line } from "./calls/line";
import { ScriptCard } from "./calls/ScriptCard";

/** Calls offered in the picker. */
const RECENT_CALLS = 50;

/** Call ids this console made up: the server has no such call until its first utterance. */
const generated = new Set<string>();

function newCallId(): string {
  const id = `call-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  generated.add(id);
  return id;
}

function fromStored(u: StoredUtterance): Line {
  const a = u.analysis;
  return {
    utteranceId: u.utteranceId,
    turn: u.turn,
    speaker: u.speaker,
    text: u.text,
    lang: a.lang ?? null,
    relation: a.relation ?? null,
    scene: a.scene ?? u.scene,
    sceneConfidence: a.sceneConfidence ?? null,
    intent: a.intent ?? u.intent,
    intentConfidence: a.intentConfidence ?? null,
    emotion: a.emotion ?? null,
    product: a.product ?? null,
    voice: a.voice ?? null,
    scripts: a.scripts ?? [],
    recognition: a.recognition ?? null,
    converted: a.converted ?? [],
    models: u.model ? { scripts: u.model } : {},
    createdAt: u.createdAt,
  };
}

const ratingKey = (utteranceId: string, scriptId: string) => `${utteranceId}\u0000${scriptId}`;

export function CallAssistPage({ id }: { id: string | null }) {
  const [fresh] = useState(newCallId);
  const callId = id ?? fresh;
  const calls = useLoad((api) => api.calls(RECENT_CALLS), []);
  const listed = calls.data?.calls.some((c) => c.callId === callId) ?? false;
  return (
    <div className="page calls">
      <CallScreen
        key={callId}
        callId={callId}
        calls={calls.data?.calls}
        callsError={calls.error}
        // A call this console made up has nothing to read back until the server lists it.
        stored={listed || !generated.has(callId)}
        onChange={calls.reload}
      />
    </div>
  );
}

function CallScreen({
  callId,
  calls,
  callsError,
  stored,
  onChange,
}: {
  callId: string;
  calls: CallSummary[] | undefined;
  callsError: unknown;
  stored: boolean;
  onChange: () => void;
}) {
  const { t } = useI18n();
  const { api } = useSession();
  const history = useLoad(
    async (client) => {
      if (!stored) return null;
      try {
        return await client.call(callId);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    [callId, stored],
  );
  const [arrived, setArrived] = useState<CallUtterance[]>([]);
  const [live, setLive] = useState(false);
  const [streamError, setStreamError] = useState<{ code: string; message: string } | null>(null);
  const reloadHistory = history.reload;

  // The POST answer and the stream deliver the same utterance: kept once, by its id.
  const seen = useRef(new Set<string>());
  const add = useCallback(
    (utterance: CallUtterance) => {
      if (seen.current.has(utterance.utteranceId)) return;
      seen.current.add(utterance.utteranceId);
      setArrived((all) => [...all, utterance]);
      onChange();
    },
    [onChange],
  );

  useEffect(() => {
    let socket: WebSocket;
    try {
      socket = new WebSocket(api.callStreamUrl(callId));
    } catch {
      return;
    }
    socket.onmessage = (event) => {
      let message: CallStreamMessage;
      try {
        message = JSON.parse(String(event.data)) as CallStreamMessage;
      } catch {
        return;
      }
      if (message.type === "hello") {
        setLive(true);
        // What was said between reading the call back and listening to it.
        reloadHistory();
      } else if (message.type === "utterance") {
        const { type: _type, ...utterance } = message;
        add(utterance);
      } else if (message.type === "error") setStreamError({ code: message.code, message: message.message });
    };
    socket.onclose = () => setLive(false);
    return () => {
      socket.onmessage = null;
      socket.onclose = null;
      // Closing a socket that is still connecting makes the browser log an error: close it once open.
      if (socket.readyState === WebSocket.CONNECTING) socket.onopen = () => socket.close();
      else socket.close();
    };
  }, [api, callId, add, reloadHistory]);

  const lines = useMemo(() => {
    const byId = new Map<string, Line>();
    for (const u of history.data?.utterances ?? []) byId.set(u.utteranceId, fromStored(u));
    for (const u of arrived) byId.set(u.utteranceId, u);
    return [...byId.values()].sort((a, b) => a.turn - b.turn);
  }, [history.data, arrived]);

  const ratings = useMemo(() => {
    const map = new Map<string, number>();
    for (const r of history.data?.ratings ?? []) map.set(ratingKey(r.utterance_id, r.script_id), r.rating);
    return map;
  }, [history.data]);

  const focus = lines.findLast((l) => l.speaker === "customer");
  const versions = lines.findLast((l) => l.models.scene)?.models ?? focus?.models ?? {};
  const listed = calls?.some((c) => c.callId === callId) ?? false;

  return (
    <>
      <div className="call-head">
        <label htmlFor="call-select">{t("calls.recent")}</label>
        <select
          id="call-select"
          data-testid="call-select"
          value={callId}
          onChange={(e) => navigate("calls", e.target.value)}
        >
          {listed ? null : <option value={callId}>{t("calls.freshOption", { id: callId })}</option>}
          {(calls ?? []).map((c) => (
            <CallOption key={c.callId} call={c} />
          ))}
        </select>
        <button
          type="button"
          className="link"
          data-testid="new-call"
          onClick={() => navigate("calls", newCallId())}
        >
          {t("calls.newCall")}
        </button>
        <span className={`chip ${live ? "yes" : "no"}`} data-testid="call-live" data-live={live}>
          {live ? t("calls.live") : t("calls.notLive")}
        </span>
        {versions.scripts ? (
          <span className="muted small" data-testid="call-models">
            {t("calls.models")}:{" "}
            {[
              versions.scene ? t("calls.modelScene", { model: versions.scene }) : null,
              versions.emotion ? t("calls.modelEmotion", { model: versions.emotion }) : null,
              t("calls.modelScripts", { model: versions.scripts }),
            ]
              .filter(Boolean)
              .join(" · ")}
          </span>
        ) : null}
      </div>
      {callsError ? <ErrorNote error={callsError} /> : null}
      {history.error ? <ErrorNote error={history.error} /> : null}
      {streamError ? (
        <div className="notice error" role="alert" data-testid="stream-error">
          {t("calls.streamError")} <code>{streamError.code}</code> {streamError.message}
        </div>
      ) : null}
      <div className="call-grid">
        <Panel title={`${t("calls.transcript")} · ${callId}`}>
          <Transcript lines={lines} loading={history.loading && !history.data} />
          <UtteranceForm callId={callId} onAnswer={add} />
        </Panel>
        <div className="call-side">
          <Panel title={t("calls.emotion")}>
            <EmotionGauge line={focus} />
          </Panel>
          <Panel title={t("calls.voice")}>
            {focus?.voice ? (
              <VoiceFigures voice={focus.voice} />
            ) : (
              <p className="hint">{focus ? t("calls.noVoice") : t("calls.noEmotion")}</p>
            )}
          </Panel>
        </div>
      </div>
      <Panel
        title={t("calls.scripts")}
        actions={focus ? <span className="muted">{t("calls.scriptsFor", { turn: focus.turn })}</span> : null}
      >
        {focus?.scripts.length ? (
          <ul className="scripts" data-testid="scripts" data-utterance={focus.utteranceId}>
            {focus.scripts.map((script) => (
              <ScriptCard
                key={ratingKey(focus.utteranceId, script.id)}
                callId={callId}
                utteranceId={focus.utteranceId}
                script={script}
                before={ratings.get(ratingKey(focus.utteranceId, script.id))}
              />
            ))}
          </ul>
        ) : (
          <Note>{t("calls.noScripts")}</Note>
        )}
      </Panel>
    </>
  );
}

function CallOption({ call }: { call: CallSummary }) {
  const { lang, t } = useI18n();
  return (
    <option value={call.callId}>
      {t("calls.option", { id: call.callId, count: call.utterances, last: dateTime(lang, call.lastAt) })}
    </option>
  );
}

function Transcript({ lines, loading }: { lines: Line[]; loading: boolean }) {
  const { label, t } = useI18n();
  const list = useRef<HTMLOListElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll to the newest line when one arrives.
  useEffect(() => {
    if (list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [lines.length]);
  return (
    <ol className="transcript" data-testid="transcript" ref={list}>
      {lines.map((line) => (
        <li
          key={line.utteranceId}
          className={`speaker-${line.speaker}`}
          data-utterance={line.utteranceId}
          data-speaker={line.speaker}
        >
          <div>
            <span className="muted small">{t("calls.turn", { turn: line.turn })}</span>{" "}
            <strong>{label("speaker", line.speaker)}</strong> {line.text}
          </div>
          {line.speaker === "customer" ? (
            <div className="meta">
              {line.scene ? (
                <span className="chip" title={t("calls.scene")}>
                  {t("calls.scene")}: {label("scene", line.scene)}
                </span>
              ) : null}
              {line.intent ? (
                <span className="chip" title={t("calls.intent")}>
                  {t("calls.intent")}: {label("intent", line.intent)}
                </span>
              ) : null}
              {line.relation ? (
                <span className="chip" title={t("calls.relation")}>
                  {t("calls.relation")}: {label("relation", line.relation)}
                </span>
              ) : null}
              {line.product ? (
                <span className="chip">
                  {t("calls.product")}: {label("productKind", line.product)}
                </span>
              ) : null}
              {line.emotion ? (
                <span className={`chip emotion-${line.emotion.label}`} data-testid="line-emotion">
                  {label("emotion", line.emotion.label)}
                </span>
              ) : null}
            </div>
          ) : null}
        </li>
      ))}
      {lines.length === 0 && !loading ? <li className="muted">{t("calls.empty")}</li> : null}
    </ol>
  );
}

function UtteranceForm({ callId, onAnswer }: { callId: string; onAnswer: (u: CallUtterance) => void }) {
  const { t, label } = useI18n();
  const { api } = useSession();
  const [text, setText] = useState("");
  const [speaker, setSpeaker] = useState<CallSpeaker>("customer");
  const [lang, setLang] = useState<"" | "zh" | "en">("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setError(null);
    try {
      onAnswer(await api.utterance(callId, { text: text.trim(), speaker, ...(lang ? { lang } : {}) }));
      setText("");
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <form onSubmit={send} className="inline-form utterance-form">
        <label htmlFor="speaker" className="sr-only">
          {t("calls.speaker")}
        </label>
        <select
          id="speaker"
          value={speaker}
          onChange={(e) => setSpeaker(e.target.value as CallSpeaker)}
          title={t("calls.speaker")}
        >
          <option value="customer">{label("speaker", "customer")}</option>
          <option value="agent">{label("speaker", "agent")}</option>
        </select>
        <label htmlFor="utterance-lang" className="sr-only">
          {t("calls.lang")}
        </label>
        <select
          id="utterance-lang"
          value={lang}
          onChange={(e) => setLang(e.target.value as "" | "zh" | "en")}
          title={t("calls.lang")}
        >
          <option value="">{t("calls.langAuto")}</option>
          <option value="zh">中文</option>
          <option value="en">English</option>
        </select>
        <label htmlFor="utterance" className="sr-only">
          {t("calls.utterance")}
        </label>
        <input
          id="utterance"
          value={text}
          maxLength={2000}
          placeholder={t("calls.placeholder")}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" disabled={busy || !text.trim()} data-testid="send-utterance">
          {busy ? t("calls.analysing") : t("calls.send")}
        </button>
      </form>
      {error ? <ErrorNote error={error} /> : null}
    </>
  );
}
