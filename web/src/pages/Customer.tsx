/**
 * Customers: a page-by-page list and a search by id; one customer's profile (personal identifiers are
 * never stored, only their keyed hash, so they show masked), portrait tags with kind, weight and why,
 * holdings, the events timeline, and the decisions and deliveries made for them.
 */
import { type FormEvent, useMemo, useState } from "react";
import { useLoad } from "../api/context";
import type { Activity, Customer, Portrait, Product } from "../api/types";
import { Chart } from "../components/Chart";
import { ErrorNote, Loading, Note, Panel } from "../components/Notice";
import { dateTime, money, num } from "../format";
import { useI18n } from "../i18n";
import { href, navigate } from "../router";

export function CustomerPage({ id }: { id: string | null }) {
  return (
    <div className="page customers">
      <CustomerSearch current={id} />
      {id ? <CustomerDetail key={id} id={id} /> : <CustomerList />}
    </div>
  );
}

function CustomerSearch({ current }: { current: string | null }) {
  const { t } = useI18n();
  const [value, setValue] = useState(current ?? "");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) navigate("customers", value.trim());
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <label htmlFor="customer-id">{t("customer.find")}</label>
      <input
        id="customer-id"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder="c000001"
        spellCheck={false}
      />
      <button type="submit">{t("customer.open")}</button>
      {current ? <a href={href("customers")}>{t("customer.backToList")}</a> : null}
    </form>
  );
}

function CustomerList() {
  const { lang, t } = useI18n();
  const [pages, setPages] = useState<(string | undefined)[]>([undefined]);
  const after = pages[pages.length - 1];
  const { data, error, loading } = useLoad((api) => api.customers(after, 50), [after]);
  if (error) return <ErrorNote error={error} />;
  if (!data) return loading ? <Loading /> : null;
  const last = data.customers[data.customers.length - 1];
  return (
    <Panel title={t("customer.list", { total: num(lang, data.total) })}>
      <div className="table-wrap">
        <table data-testid="customer-list">
          <thead>
            <tr>
              <th>{t("customer.id")}</th>
              <th>{t("customer.age")}</th>
              <th>{t("customer.gender")}</th>
              <th>{t("customer.region")}</th>
              <th>{t("customer.risk")}</th>
              <th>{t("customer.subsidiary")}</th>
            </tr>
          </thead>
          <tbody>
            {data.customers.map((c) => (
              <tr key={c.id}>
                <td>
                  <a href={href("customers", c.id)}>{c.id}</a>
                </td>
                <td>{c.age ?? "–"}</td>
                <td>{c.gender ?? "–"}</td>
                <td>{c.region ?? "–"}</td>
                <td>{c.riskTolerance ?? "–"}</td>
                <td>{c.subsidiary ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="pager">
        <button type="button" disabled={pages.length < 2} onClick={() => setPages(pages.slice(0, -1))}>
          {t("common.previous")}
        </button>
        <button
          type="button"
          disabled={!last || data.customers.length < 50}
          onClick={() => last && setPages([...pages, last.id])}
        >
          {t("common.next")}
        </button>
      </div>
    </Panel>
  );
}

interface CustomerData {
  customer: Customer;
  portrait: Portrait | null;
  activity: Activity;
  products: Map<string, Product>;
  campaigns: Map<string, string>;
}

function CustomerDetail({ id }: { id: string }) {
  const { data, error, loading } = useLoad(
    async (api): Promise<CustomerData> => {
      const [customer, activity, products, campaigns] = await Promise.all([
        api.customer(id),
        api.activity(id),
        api.products(),
        api.campaigns(),
      ]);
      // A customer loaded after the last build has no portrait yet; that is not an error.
      const portrait = await api.portrait(id).catch(() => null);
      return {
        customer,
        portrait,
        activity,
        products: new Map(products.products.map((p) => [p.id, p])),
        campaigns: new Map(campaigns.map((c) => [c.id, c.name])),
      };
    },
    [id],
  );
  if (error) return <ErrorNote error={error} />;
  if (!data) return loading ? <Loading /> : null;
  return (
    <>
      <div className="grid-2">
        <Profile customer={data.customer} />
        <Holdings customer={data.customer} products={data.products} />
      </div>
      <PortraitPanel portrait={data.portrait} />
      <Timeline activity={data.activity} />
      <Decisions activity={data.activity} products={data.products} campaigns={data.campaigns} />
    </>
  );
}

function Profile({ customer }: { customer: Customer }) {
  const { t } = useI18n();
  const rows: [string, string][] = [
    [t("customer.id"), customer.id],
    [t("customer.age"), customer.age === null ? "–" : String(customer.age)],
    [t("customer.gender"), customer.gender ?? "–"],
    [t("customer.region"), customer.region ?? "–"],
    [t("customer.tz"), customer.tz ?? "–"],
    [t("customer.risk"), customer.riskTolerance === null ? "–" : String(customer.riskTolerance)],
    [t("customer.subsidiary"), customer.subsidiary ?? "–"],
  ];
  return (
    <Panel title={t("customer.profile")}>
      <dl className="facts" data-testid="customer-profile">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
        <div>
          <dt>{t("customer.pii")}</dt>
          <dd>
            <span className="masked">{t("customer.piiMasked")}</span>{" "}
            <span className="muted">{customer.linked ? t("customer.linked") : t("customer.notLinked")}</span>
          </dd>
        </div>
        <div>
          <dt>{t("customer.identities")}</dt>
          <dd>{customer.identities.map((i) => `${i.subsidiary}: ${i.sourceId}`).join(" · ") || "–"}</dd>
        </div>
        <div>
          <dt>{t("customer.consents")}</dt>
          <dd>
            {Object.entries(customer.consents).map(([channel, yes]) => (
              <span key={channel} className={`chip ${yes ? "yes" : "no"}`}>
                {channel} {yes ? "✓" : "✗"}
              </span>
            ))}
          </dd>
        </div>
        {Object.entries(customer.attributes).map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{String(value)}</dd>
          </div>
        ))}
      </dl>
    </Panel>
  );
}

function Holdings({ customer, products }: { customer: Customer; products: Map<string, Product> }) {
  const { lang, t } = useI18n();
  return (
    <Panel title={t("customer.holdings", { n: customer.holdings.length })}>
      {customer.holdings.length === 0 ? (
        <Note>{t("customer.noHoldings")}</Note>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t("customer.product")}</th>
              <th>{t("customer.category")}</th>
              <th>{t("customer.since")}</th>
              <th className="num">{t("customer.amount")}</th>
            </tr>
          </thead>
          <tbody>
            {customer.holdings.map((h) => (
              <tr key={h.productId}>
                <td>{products.get(h.productId)?.name ?? h.productId}</td>
                <td>{products.get(h.productId)?.category ?? "–"}</td>
                <td>{h.since ?? "–"}</td>
                <td className="num">{money(lang, h.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

const KINDS = ["all", "fact", "model", "predicted"] as const;

function PortraitPanel({ portrait }: { portrait: Portrait | null }) {
  const { lang, t, label } = useI18n();
  const [kind, setKind] = useState<(typeof KINDS)[number]>("all");
  const tags = useMemo(
    () =>
      (portrait?.tags ?? [])
        .filter((tag) => kind === "all" || tag.kind === kind)
        .sort((a, b) => b.weight - a.weight),
    [portrait, kind],
  );
  const option = useMemo(() => {
    const top = tags.slice(0, 15).reverse();
    return {
      tooltip: { trigger: "item" },
      grid: { left: 200, right: 24, top: 8, bottom: 24 },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: top.map((tag) => `${tag.name} = ${String(tag.value)}`) },
      series: [{ type: "bar", name: t("portrait.weight"), data: top.map((tag) => tag.weight) }],
    };
  }, [tags, t]);
  if (!portrait) return <Note>{t("portrait.none")}</Note>;
  return (
    <Panel
      title={t("portrait.title", { n: portrait.tags.length })}
      actions={
        <fieldset className="segmented">
          <legend className="sr-only">{t("portrait.kind")}</legend>
          {KINDS.map((k) => (
            <button key={k} type="button" aria-pressed={kind === k} onClick={() => setKind(k)}>
              {t(`portrait.kind.${k}`)}
            </button>
          ))}
        </fieldset>
      }
    >
      <p className="hint">
        {t("portrait.asOf", {
          asOf: dateTime(lang, portrait.asOf),
          population: num(lang, portrait.population),
        })}
      </p>
      <div className="grid-2">
        <Chart
          option={option}
          label={t("portrait.chart")}
          height={Math.max(200, Math.min(15, tags.length) * 22 + 40)}
        />
        <div className="table-wrap tall">
          <table data-testid="portrait-tags">
            <thead>
              <tr>
                <th>{t("portrait.tag")}</th>
                <th>{t("portrait.kind")}</th>
                <th>{t("portrait.value")}</th>
                <th className="num">{t("portrait.weight")}</th>
                <th>{t("portrait.why")}</th>
              </tr>
            </thead>
            <tbody>
              {tags.map((tag) => (
                <tr key={`${tag.name}=${String(tag.value)}`}>
                  <td>{tag.name}</td>
                  <td>
                    <span className={`chip kind-${tag.kind}`}>{label("portrait.kind", tag.kind)}</span>
                  </td>
                  <td>{String(tag.value)}</td>
                  <td className="num" title={`tf ${tag.tf} × idf ${tag.idf} × ${tag.factor}`}>
                    {num(lang, tag.weight, 3)}
                  </td>
                  <td className="why">
                    {tag.explanation}
                    {tag.source !== "rules" ? <span className="muted"> · {tag.source}</span> : null}
                    {tag.adjustments.length ? (
                      <span className="warn"> · {tag.adjustments.join(", ")}</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {portrait.suppressions.length ? (
        <Note kind="warn">
          {t("portrait.suppressed")}{" "}
          {portrait.suppressions
            .map((s) => `${s.category} (${dateTime(lang, s.until)}): ${s.reason}`)
            .join("; ")}
        </Note>
      ) : null}
    </Panel>
  );
}

function Timeline({ activity }: { activity: Activity }) {
  const { lang, t } = useI18n();
  const option = useMemo(() => {
    const types = [...new Set(activity.events.map((e) => e.type))].sort();
    return {
      tooltip: {
        trigger: "item",
        formatter: (p: { value: [number, string, string] }) =>
          `${dateTime(lang, new Date(p.value[0]).toISOString())}<br/>${p.value[1]} ${p.value[2]}`,
      },
      grid: { left: 90, right: 24, top: 16, bottom: 40 },
      xAxis: { type: "time" },
      yAxis: { type: "category", data: types },
      series: [
        {
          type: "scatter",
          symbolSize: 8,
          data: activity.events.map((e) => [Date.parse(e.ts), e.type, e.itemId ?? e.category ?? ""]),
        },
      ],
    };
  }, [activity, lang]);
  return (
    <Panel title={t("customer.timeline", { n: activity.events.length })}>
      {activity.events.length === 0 ? (
        <Note>{t("customer.noEvents")}</Note>
      ) : (
        <Chart
          option={option}
          label={t("customer.timelineChart")}
          height={Math.max(160, new Set(activity.events.map((e) => e.type)).size * 36 + 60)}
        />
      )}
    </Panel>
  );
}

interface Reason {
  offerId?: string;
  verdict?: string;
  policy?: string;
  reason?: string;
}

function Decisions({
  activity,
  products,
  campaigns,
}: {
  activity: Activity;
  products: Map<string, Product>;
  campaigns: Map<string, string>;
}) {
  const { lang, t, label } = useI18n();
  const deliveriesOf = useMemo(() => {
    const out = new Map<string, Activity["deliveries"]>();
    for (const d of activity.deliveries) out.set(d.decisionId, [...(out.get(d.decisionId) ?? []), d]);
    return out;
  }, [activity]);
  return (
    <Panel title={t("customer.decisions", { n: activity.decisions.length, m: activity.deliveries.length })}>
      {activity.decisions.length === 0 ? (
        <Note>{t("customer.noDecisions")}</Note>
      ) : (
        <div className="table-wrap">
          <table data-testid="customer-decisions">
            <thead>
              <tr>
                <th>{t("customer.decidedAt")}</th>
                <th>{t("customer.context")}</th>
                <th>{t("customer.offer")}</th>
                <th>{t("customer.arm")}</th>
                <th>{t("customer.why")}</th>
                <th>{t("customer.deliveries")}</th>
              </tr>
            </thead>
            <tbody>
              {activity.decisions.map((d) => {
                const reasons = Array.isArray(d.reasons) ? (d.reasons as Reason[]) : [];
                const chosen = reasons.find((r) => r.verdict === "chosen");
                const dropped = reasons.filter((r) => r.verdict === "dropped");
                return (
                  <tr key={d.id}>
                    <td>{dateTime(lang, d.decidedAt)}</td>
                    <td>
                      {d.context}
                      {d.campaignId ? (
                        <div>
                          <a href={href("campaigns", d.campaignId)}>
                            {campaigns.get(d.campaignId) ?? d.campaignId}
                          </a>
                        </div>
                      ) : null}
                    </td>
                    <td>
                      {d.offerId ? (products.get(d.offerId)?.name ?? d.offerId) : "–"}
                      {d.source ? (
                        <div className="muted">
                          {d.source}
                          {d.score !== null ? ` · ${num(lang, d.score, 3)}` : ""}
                        </div>
                      ) : null}
                    </td>
                    <td>
                      <span className={`chip arm-${d.arm}`}>{label("arm", d.arm)}</span>
                    </td>
                    <td className="why">
                      {chosen?.reason ?? (d.offerId ? "" : t("customer.nothingChosen"))}
                      {dropped.length ? (
                        <details>
                          <summary>{t("customer.dropped", { n: dropped.length })}</summary>
                          <ul>
                            {dropped.map((r) => (
                              <li key={`${r.offerId}-${r.policy}`}>
                                {r.offerId}: <strong>{r.policy}</strong> — {r.reason}
                              </li>
                            ))}
                          </ul>
                        </details>
                      ) : null}
                    </td>
                    <td>
                      {(deliveriesOf.get(d.id) ?? []).map((v) => (
                        <div key={v.id} title={v.lastError ?? undefined}>
                          {v.channel}:{" "}
                          <span className={`chip status-${v.status}`}>{label("status", v.status)}</span>
                        </div>
                      ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
