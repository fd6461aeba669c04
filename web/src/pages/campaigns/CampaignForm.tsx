/**
 * A new campaign: where the offers come from (a candidate source, or one product), who (a JsonLogic
 * audience), the channel, the message, the control group (the global holdout always applies), caps,
 * quiet hours, a send budget and when it runs.
 */
import { type FormEvent, useState } from "react";
import { useLoad, useSession } from "../../api/context";
import type { Campaign, CampaignInput } from "../../api/types";
import { ErrorNote } from "../../components/Notice";
import { pct } from "../../format";
import { useI18n } from "../../i18n";

const SOURCES = ["offer", "propensity", "segment", "messaging", "lookalike", "uplift"] as const;
/** Channels a campaign can name; those this server has no sender for dead-letter (and can be retried). */
const KNOWN_CHANNELS = ["inapp", "email", "sms", "wecom", "webhook", "agent"];

interface FormState {
  name: string;
  source: string;
  offerId: string;
  channel: string;
  audience: string;
  title: string;
  body: string;
  controlShare: string;
  perChannelDay: string;
  perChannelWeek: string;
  quietHours: boolean;
  budgetSends: string;
  schedule: "" | "once" | "daily";
  startAt: string;
  endAt: string;
}

const EMPTY: FormState = {
  name: "",
  source: "offer",
  offerId: "",
  channel: "inapp",
  audience: "",
  title: "",
  body: "",
  controlShare: "0.1",
  perChannelDay: "",
  perChannelWeek: "",
  quietHours: true,
  budgetSends: "",
  schedule: "",
  startAt: "",
  endAt: "",
};

/** The form as the API's campaign input; throws a message naming the field that is wrong. */
function toInput(form: FormState, invalid: (field: string) => Error): CampaignInput {
  let audience: unknown;
  if (form.audience.trim()) {
    try {
      audience = JSON.parse(form.audience);
    } catch {
      throw invalid("audience");
    }
  }
  const caps: Record<string, number> = {};
  if (form.perChannelDay) caps.perChannelDay = Number(form.perChannelDay);
  if (form.perChannelWeek) caps.perChannelWeek = Number(form.perChannelWeek);
  const policies: Record<string, unknown> = {};
  if (Object.keys(caps).length) policies.caps = caps;
  if (!form.quietHours) policies.quietHours = null;
  const at = (local: string) => (local ? new Date(local).toISOString() : undefined);
  return {
    name: form.name.trim(),
    source: form.source,
    ...(form.source === "offer" ? { offerId: form.offerId } : {}),
    channel: form.channel,
    ...(audience === undefined ? {} : { audience }),
    ...(form.title.trim() && form.body.trim()
      ? { template: { title: form.title.trim(), body: form.body.trim() } }
      : {}),
    ...(Object.keys(policies).length ? { policies } : {}),
    controlShare: Number(form.controlShare || 0),
    ...(form.budgetSends ? { budgetSends: Number(form.budgetSends) } : {}),
    ...(form.schedule ? { schedule: form.schedule } : {}),
    ...(at(form.startAt) ? { startAt: at(form.startAt) } : {}),
    ...(at(form.endAt) ? { endAt: at(form.endAt) } : {}),
  };
}

export function CampaignForm({
  holdoutShare,
  onCreated,
}: {
  holdoutShare: number;
  onCreated: (c: Campaign) => void;
}) {
  const { lang, t } = useI18n();
  const { api } = useSession();
  const [form, setForm] = useState<FormState>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { data: options } = useLoad(async (a) => {
    const [products, channels] = await Promise.all([a.products(), a.channels()]);
    return { products: products.products, channels: channels.channels };
  }, []);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const configured = new Set(options?.channels ?? []);
  const channels = [...new Set([...(options?.channels ?? []), ...KNOWN_CHANNELS])];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    let input: CampaignInput;
    try {
      input = toInput(
        form,
        (field) =>
          new Error(t("campaigns.invalidField", { field: t(`campaigns.field.${field as "audience"}`) })),
      );
    } catch (e) {
      setError(e);
      return;
    }
    setBusy(true);
    try {
      const created = await api.createCampaign(input);
      setForm(EMPTY);
      onCreated(created);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="campaign-form" onSubmit={submit} data-testid="campaign-form">
      <div className="form-grid">
        <label>
          {t("campaigns.name")}
          <input name="name" required value={form.name} onChange={(e) => set("name", e.target.value)} />
        </label>
        <label>
          {t("campaigns.source")}
          <select name="source" value={form.source} onChange={(e) => set("source", e.target.value)}>
            {SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`source.${s}`)}
              </option>
            ))}
          </select>
        </label>
        {form.source === "offer" ? (
          <label>
            {t("campaigns.offer")}
            <select
              name="offerId"
              required
              value={form.offerId}
              onChange={(e) => set("offerId", e.target.value)}
            >
              <option value="">{t("campaigns.chooseOffer")}</option>
              {(options?.products ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.category})
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label>
          {t("campaigns.channel")}
          <select name="channel" value={form.channel} onChange={(e) => set("channel", e.target.value)}>
            {channels.map((c) => (
              <option key={c} value={c}>
                {configured.has(c) ? c : t("campaigns.channelNotConfigured", { channel: c })}
              </option>
            ))}
          </select>
        </label>
        <label className="wide">
          {t("campaigns.audience")}
          <textarea
            name="audience"
            rows={2}
            spellCheck={false}
            placeholder='{">=": [{"var": "age"}, 40]}'
            value={form.audience}
            onChange={(e) => set("audience", e.target.value)}
          />
          <span className="hint">{t("campaigns.audienceHint")}</span>
        </label>
        <label>
          {t("campaigns.title")}
          <input
            name="title"
            value={form.title}
            placeholder="{{offer_name}} for you"
            onChange={(e) => set("title", e.target.value)}
          />
        </label>
        <label>
          {t("campaigns.body")}
          <input
            name="body"
            value={form.body}
            placeholder="{{offer_name}} ({{category}}): {{reason}}"
            onChange={(e) => set("body", e.target.value)}
          />
        </label>
        <label>
          {t("campaigns.controlShare")}
          <input
            name="controlShare"
            type="number"
            min={0}
            max={0.5}
            step={0.01}
            value={form.controlShare}
            onChange={(e) => set("controlShare", e.target.value)}
          />
          <span className="hint">{t("campaigns.holdoutNote", { share: pct(lang, holdoutShare) })}</span>
        </label>
        <label>
          {t("campaigns.capDay")}
          <input
            name="perChannelDay"
            type="number"
            min={0}
            step={1}
            value={form.perChannelDay}
            placeholder="1"
            onChange={(e) => set("perChannelDay", e.target.value)}
          />
        </label>
        <label>
          {t("campaigns.capWeek")}
          <input
            name="perChannelWeek"
            type="number"
            min={0}
            step={1}
            value={form.perChannelWeek}
            placeholder="3"
            onChange={(e) => set("perChannelWeek", e.target.value)}
          />
        </label>
        <label>
          {t("campaigns.budgetSends")}
          <input
            name="budgetSends"
            type="number"
            min={1}
            step={1}
            value={form.budgetSends}
            onChange={(e) => set("budgetSends", e.target.value)}
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            name="quietHours"
            checked={form.quietHours}
            onChange={(e) => set("quietHours", e.target.checked)}
          />
          {t("campaigns.quietHours")}
        </label>
        <label>
          {t("campaigns.schedule")}
          <select
            name="schedule"
            value={form.schedule}
            onChange={(e) => set("schedule", e.target.value as FormState["schedule"])}
          >
            <option value="">{t("campaigns.schedule.manual")}</option>
            <option value="once">{t("campaigns.schedule.once")}</option>
            <option value="daily">{t("campaigns.schedule.daily")}</option>
          </select>
        </label>
        <label>
          {t("campaigns.startAt")}
          <input
            name="startAt"
            type="datetime-local"
            value={form.startAt}
            onChange={(e) => set("startAt", e.target.value)}
          />
        </label>
        <label>
          {t("campaigns.endAt")}
          <input
            name="endAt"
            type="datetime-local"
            value={form.endAt}
            onChange={(e) => set("endAt", e.target.value)}
          />
        </label>
      </div>
      <div className="form-actions">
        <button
          type="submit"
          disabled={busy || !form.name.trim() || (form.source === "offer" && !form.offerId)}
        >
          {busy ? t("campaigns.creating") : t("campaigns.create")}
        </button>
      </div>
      {error ? <ErrorNote error={error} /> : null}
    </form>
  );
}
