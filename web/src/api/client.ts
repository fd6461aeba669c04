/**
 * The typed API client: every call carries the signed-in key as a bearer token; error answers
 * (`{error: {code, message}}`) become ApiError with the HTTP status.
 */
import type {
  Activity,
  CallDetail,
  CallSummary,
  CallUtterance,
  Campaign,
  CampaignInput,
  CampaignRun,
  Classification,
  Customer,
  CustomerRow,
  Deliveries,
  LiftReport,
  ModelDetail,
  ModelSummary,
  Overview,
  Portrait,
  Product,
  Retrained,
  ScriptRated,
  Segments,
  UtteranceInput,
} from "./types";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type Method = "GET" | "POST";

const path = (strings: TemplateStringsArray, ...values: (string | number)[]) =>
  strings.reduce(
    (out, s, i) => out + s + (i < values.length ? encodeURIComponent(String(values[i])) : ""),
    "",
  );

const query = (params: Record<string, string | number | undefined>) => {
  const entries = Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined);
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)]))}` : "";
};

export class Api {
  constructor(
    readonly key: string,
    private readonly base = "",
  ) {}

  async request<T>(method: Method, url: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${this.key}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string } } | null)?.error;
      throw new ApiError(
        response.status,
        error?.code ?? `HTTP_${response.status}`,
        error?.message ?? (response.statusText || `HTTP ${response.status}`),
      );
    }
    return json as T;
  }

  overview(days = 30) {
    return this.request<Overview>("GET", `/v1/overview${query({ days })}`);
  }
  customers(after?: string, limit = 50) {
    return this.request<{ customers: CustomerRow[]; total: number }>(
      "GET",
      `/v1/customers${query({ after, limit })}`,
    );
  }
  customer(id: string) {
    return this.request<Customer>("GET", path`/v1/customers/${id}`);
  }
  portrait(id: string) {
    return this.request<Portrait>("GET", path`/v1/customers/${id}/portrait`);
  }
  activity(id: string) {
    return this.request<Activity>("GET", path`/v1/customers/${id}/activity`);
  }
  products() {
    return this.request<{ products: Product[] }>("GET", "/v1/products");
  }
  channels() {
    return this.request<{ channels: string[] }>("GET", "/v1/channels");
  }
  segments() {
    return this.request<Segments>("GET", "/v1/segments");
  }
  models() {
    return this.request<{ models: ModelSummary[] }>("GET", "/v1/models");
  }
  model(id: string) {
    return this.request<ModelDetail>("GET", path`/v1/models/${id}`);
  }
  retrain(id: string) {
    return this.request<Retrained>("POST", path`/v1/models/${id}/retrain`);
  }
  campaigns() {
    return this.request<Campaign[]>("GET", "/v1/campaigns");
  }
  createCampaign(input: CampaignInput) {
    return this.request<Campaign>("POST", "/v1/campaigns", input);
  }
  runCampaign(id: string) {
    return this.request<CampaignRun>("POST", path`/v1/campaigns/${id}/run`);
  }
  lift(campaign?: string) {
    return this.request<LiftReport>("GET", `/v1/reports/lift${query({ campaign })}`);
  }
  deliveries(status = "dead", limit = 100) {
    return this.request<Deliveries>("GET", `/v1/deliveries${query({ status, limit })}`);
  }
  retryDeliveries(target: { ids: string[] } | { all: true }) {
    return this.request<{ requeued: number }>("POST", "/v1/deliveries/retry", target);
  }
  classify(text: string, audience?: { top: number; channel?: string }) {
    return this.request<Classification>("POST", "/v1/messages/classify", {
      text,
      ...(audience ? { audience } : {}),
    });
  }
  /** The latest calls, newest first. */
  calls(limit = 50) {
    return this.request<{ calls: CallSummary[] }>("GET", `/v1/calls${query({ limit })}`);
  }
  /** A call's utterances and ratings; 404 (NOT_FOUND) for a call with no utterance yet. */
  call(id: string) {
    return this.request<CallDetail>("GET", path`/v1/calls/${id}`);
  }
  utterance(call: string, input: UtteranceInput) {
    return this.request<CallUtterance>("POST", path`/v1/calls/${call}/utterances`, input);
  }
  rate(call: string, rating: { utteranceId: string; scriptId: string; rating: number }) {
    return this.request<ScriptRated>("POST", path`/v1/calls/${call}/ratings`, rating);
  }
  /** The call's live stream; browsers cannot set headers on a WebSocket, so the key goes as `?key=`. */
  callStreamUrl(call: string): string {
    const url = new URL(path`/v1/calls/${call}/stream`, this.base || window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("key", this.key);
    return url.toString();
  }
}
