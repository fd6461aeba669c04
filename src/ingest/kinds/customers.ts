/**
 * Customers: typed standard fields, consents per channel, typed attributes,
 * and identity linking. Each row is a source record (subsidiary + source id);
 * records whose three elements hash to the same person key become one
 * customer, named by the first record stored. A merged customer keeps the
 * latest non-blank value of each field.
 */
import { type CustomerTable, DEFAULT_SUBSIDIARY, IDENTITY_KEY, keyOf, parseJson } from "../../store/index.js";
import {
  type Field,
  inRange,
  optional,
  type RowOf,
  type RowSchema,
  required,
  rowSchema,
  text,
} from "../fields.js";
import { PII_FIELDS } from "../identity.js";
import type { BatchResult, KindSpec, ParsedRow, RowError, WriteContext } from "../kind.js";
import { splitByExisting } from "../references.js";
import { parseBoolean, parseDate, parseInteger, parseTimeZone } from "../values.js";

/** Channels a customer can consent to; `consent_<channel>` columns. */
export const CHANNELS = ["inapp", "email", "sms", "wecom", "webhook", "agent"] as const;
const ID_MAX = 128;
const MAX_AGE = 130;
const GENDERS: Record<string, string> = { m: "M", male: "M", 男: "M", f: "F", female: "F", 女: "F" };

function gender(value: unknown): string {
  const word = String(value).trim();
  return GENDERS[word.toLowerCase()] ?? word.slice(0, 16);
}

const consentFields = Object.fromEntries(
  CHANNELS.map((c) => [`consent_${c}`, optional(parseBoolean)]),
) as Record<`consent_${(typeof CHANNELS)[number]}`, Field<boolean | null>>;

const customerFields = {
  id: required(text(ID_MAX)),
  age: optional(inRange(parseInteger, 0, MAX_AGE)),
  birth_date: optional(parseDate),
  gender: optional(gender),
  region: optional(text(128)),
  tz: optional(parseTimeZone),
  risk_tolerance: optional(inRange(parseInteger, 1, 5)),
  subsidiary: optional(text(64)),
  name: optional(text(256)),
  id_number: optional(text(64)),
  phone: optional(text(64)),
  ...consentFields,
};
const row = rowSchema(customerFields);

type CustomerInput = RowOf<typeof customerFields>;
type CustomerRecord = CustomerTable;

const CONSENT_FIELDS = CHANNELS.map((channel) => [channel, `consent_${channel}`] as const);

function consentsOf(value: CustomerInput): Record<string, number> {
  const consents: Record<string, number> = {};
  for (const [channel, field] of CONSENT_FIELDS) {
    const flag = (value as Record<string, unknown>)[field];
    if (flag !== null && flag !== undefined) consents[channel] = flag ? 1 : 0;
  }
  return consents;
}

/** The stored record after merging a source record into what is known of the customer. */
function merge(base: CustomerRecord | undefined, p: Pending, context: WriteContext): CustomerRecord {
  const v = p.item.value;
  return {
    id: p.customerId,
    age: v.age ?? base?.age ?? null,
    birth_date: v.birth_date ?? base?.birth_date ?? null,
    gender: v.gender ?? base?.gender ?? null,
    region: v.region ?? base?.region ?? null,
    tz: v.tz ?? base?.tz ?? null,
    risk_tolerance: v.risk_tolerance ?? base?.risk_tolerance ?? null,
    subsidiary: base?.subsidiary ?? p.source.subsidiary,
    consents: JSON.stringify(base ? { ...parseJson(base.consents, {}), ...consentsOf(v) } : consentsOf(v)),
    attributes: JSON.stringify(
      base ? { ...parseJson(base.attributes, {}), ...p.item.attributes } : p.item.attributes,
    ),
    person_key: p.personKey ?? base?.person_key ?? null,
    created_at: base?.created_at ?? context.now,
    updated_at: context.now,
    ingest_run: context.runId,
    ingest_row: p.item.row,
  };
}

/** One accepted source record on its way to the store. */
interface Pending {
  item: ParsedRow<CustomerInput>;
  source: { source_id: string; subsidiary: string };
  sourceKey: string;
  personKey: string | null;
  customerId: string;
}

async function write(batch: ParsedRow<CustomerInput>[], context: WriteContext): Promise<BatchResult> {
  const { store } = context;
  const sources = batch.map((item) => ({
    row: item.row,
    value: {
      source_id: item.value.id,
      subsidiary: item.value.subsidiary ?? context.subsidiary ?? DEFAULT_SUBSIDIARY,
    },
  }));
  const identities = await store.identities.existing(sources.map((s) => s.value));
  const split = splitByExisting(
    sources,
    IDENTITY_KEY,
    identities,
    context,
    (s) => `${s.value.subsidiary} ${s.value.source_id}`,
    "id",
  );
  const errors: RowError[] = [...split.errors];
  const rejected = new Set(split.errors.map((e) => e.row));

  const pending: Pending[] = [];
  batch.forEach((item, i) => {
    if (rejected.has(item.row)) return;
    const v = item.value;
    const source = (sources[i] as (typeof sources)[number]).value;
    pending.push({
      item,
      source,
      sourceKey: keyOf(source, IDENTITY_KEY),
      personKey: context.keyer ? context.keyer.personKey(v.name, v.id_number, v.phone) : null,
      customerId: "",
    });
  });
  const personKeys = [...new Set(pending.flatMap((p) => (p.personKey ? [p.personKey] : [])))];
  const persons = await store.identities.customersByPersonKey(personKeys);

  // Canonical id: the source's known customer, else the person's customer, else the (prefixed) source id.
  for (const p of pending) {
    const known = identities.get(p.sourceKey)?.customer_id as string | undefined;
    p.customerId =
      known ??
      (p.personKey ? persons.get(p.personKey) : undefined) ??
      `${context.idPrefix}${p.source.source_id}`;
    if (p.personKey && !persons.has(p.personKey)) persons.set(p.personKey, p.customerId);
  }

  const stored = await store.customers.existingRecords([...new Set(pending.map((p) => p.customerId))]);
  const written = new Map<string, CustomerRecord>();
  const identityRows = [];
  let inserted = 0;
  let updated = 0;
  for (const p of pending) {
    const base = written.get(p.customerId) ?? stored.get(p.customerId);
    const isNewSource = !identities.has(p.sourceKey);
    if (isNewSource && base && !(base.person_key && base.person_key === p.personKey)) {
      errors.push({
        row: p.item.row,
        field: "id",
        message: `customer id '${p.customerId}' already belongs to another source record; use --id-prefix or --subsidiary to keep id spaces apart`,
      });
      continue;
    }
    if (base) updated++;
    else inserted++;
    written.set(p.customerId, merge(base, p, context));
    identityRows.push({
      source_id: p.source.source_id,
      subsidiary: p.source.subsidiary,
      customer_id: p.customerId,
      person_key: p.personKey,
      created_at: context.now,
      ingest_run: context.runId,
      ingest_row: p.item.row,
    });
  }
  await store.customers.upsert([...written.values()]);
  await store.identities.upsert(identityRows);
  return { inserted, updated, errors };
}

export const customersKind: KindSpec<CustomerInput> = {
  kind: "customers",
  tables: ["customers", "identities"],
  attributeEntity: "customer",
  piiColumns: PII_FIELDS,
  row: row as RowSchema<CustomerInput>,
  write,
};
