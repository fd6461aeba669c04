/**
 * Customers: typed standard fields, consents per channel, typed attributes,
 * and identity linking. Each row is a source record (subsidiary + source id);
 * records whose three elements hash to the same person key become one
 * customer, named by the first record stored. A merged customer keeps the
 * latest non-blank value of each field.
 */
import { z } from "zod";
import { type CustomerTable, DEFAULT_SUBSIDIARY, keyOf, parseJson } from "../../store/index.js";
import { inRange, optional, required, text } from "../fields.js";
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

const consentShape = Object.fromEntries(CHANNELS.map((c) => [`consent_${c}`, optional(parseBoolean)]));

const schema = z.object({
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
  ...consentShape,
});

type CustomerInput = z.infer<typeof schema>;
type CustomerRecord = Omit<CustomerTable, "ingest_run" | "ingest_row">;
type Item = ParsedRow<CustomerInput> & {
  value: CustomerInput & Record<string, unknown>;
  source: { subsidiary: string; source_id: string };
};

function consentsOf(value: CustomerInput): Record<string, number> {
  const consents: Record<string, number> = {};
  for (const channel of CHANNELS) {
    const flag = (value as Record<string, unknown>)[`consent_${channel}`];
    if (flag !== null && flag !== undefined) consents[channel] = flag ? 1 : 0;
  }
  return consents;
}

/** The stored record after merging a source row into what is known of the customer. */
function merge(
  base: CustomerRecord | undefined,
  item: Item,
  id: string,
  personKey: string | null,
  now: string,
): CustomerRecord {
  const v = item.value;
  const pick = <T>(next: T | null, previous: T | null | undefined): T | null => next ?? previous ?? null;
  return {
    id,
    age: pick(v.age, base?.age),
    birth_date: pick(v.birth_date, base?.birth_date),
    gender: pick(v.gender, base?.gender),
    region: pick(v.region, base?.region),
    tz: pick(v.tz, base?.tz),
    risk_tolerance: pick(v.risk_tolerance, base?.risk_tolerance),
    subsidiary: base?.subsidiary ?? item.source.subsidiary,
    consents: JSON.stringify({ ...parseJson(base?.consents, {}), ...consentsOf(v) }),
    attributes: JSON.stringify({ ...parseJson(base?.attributes, {}), ...item.attributes }),
    person_key: pick(personKey, base?.person_key),
    created_at: base?.created_at ?? now,
    updated_at: now,
  };
}

async function write(batch: ParsedRow<CustomerInput>[], context: WriteContext): Promise<BatchResult> {
  const { store } = context;
  const items: Item[] = batch.map((b) => ({
    ...b,
    value: b.value as Item["value"],
    source: {
      subsidiary: b.value.subsidiary ?? context.subsidiary ?? DEFAULT_SUBSIDIARY,
      source_id: b.value.id,
    },
  }));
  const identities = await store.identities.existing(items.map((i) => i.source));
  const split = splitByExisting(
    items.map((i) => ({ ...i, value: { ...i.value, ...i.source } })),
    ["subsidiary", "source_id"],
    identities,
    context,
    (i) => `${i.value.subsidiary} ${i.value.source_id}`,
  );
  const errors: RowError[] = [...split.errors];
  const accepted = [...split.fresh, ...split.known].sort((a, b) => a.row - b.row) as unknown as Item[];

  const personKeys = new Map<Item, string | null>();
  for (const item of accepted) {
    const v = item.value;
    personKeys.set(item, context.keyer ? context.keyer.personKey(v.name, v.id_number, v.phone) : null);
  }
  const keys = [...new Set([...personKeys.values()].filter((k): k is string => k !== null))];
  const persons = await store.identities.customersByPersonKey(keys);

  // Canonical id: the identity's customer, else the person's first customer, else the (prefixed) source id.
  const canonical = new Map<Item, string>();
  for (const item of accepted) {
    const known = identities.get(keyOf(item.source, ["subsidiary", "source_id"]))?.customer_id as
      | string
      | undefined;
    const key = personKeys.get(item);
    const id = known ?? (key ? persons.get(key) : undefined) ?? `${context.idPrefix}${item.value.id}`;
    if (key && !persons.has(key)) persons.set(key, id);
    canonical.set(item, id);
  }

  const stored = await store.customers.existingRecords([...new Set(canonical.values())]);
  const written = new Map<string, CustomerRecord>();
  const identityRows = [];
  let inserted = 0;
  let updated = 0;
  for (const item of accepted) {
    const id = canonical.get(item) as string;
    const isNewSource = !identities.has(keyOf(item.source, ["subsidiary", "source_id"]));
    const base = written.get(id) ?? stored.get(id);
    const linked = base?.person_key && base.person_key === personKeys.get(item);
    if (isNewSource && base && !linked) {
      errors.push({
        row: item.row,
        field: "id",
        message: `customer id '${id}' already belongs to another source record; use --id-prefix or --subsidiary to keep id spaces apart`,
      });
      continue;
    }
    if (base) updated++;
    else inserted++;
    written.set(id, merge(base, item, id, personKeys.get(item) ?? null, context.now));
    identityRows.push({
      ...item.source,
      customer_id: id,
      person_key: personKeys.get(item) ?? null,
      created_at: context.now,
      ingest_run: context.runId,
      ingest_row: item.row,
    });
  }
  const rowOf = new Map(identityRows.map((r) => [r.customer_id, r.ingest_row]));
  await store.customers.upsert(
    [...written.values()].map((c) => ({
      ...c,
      ingest_run: context.runId,
      ingest_row: rowOf.get(c.id) ?? null,
    })),
  );
  await store.identities.upsert(identityRows);
  return { inserted, updated, errors };
}

export const customersKind: KindSpec<CustomerInput> = {
  kind: "customers",
  columns: [
    "id",
    "age",
    "birth_date",
    "gender",
    "region",
    "tz",
    "risk_tolerance",
    "subsidiary",
    ...CHANNELS.map((c) => `consent_${c}`),
    ...PII_FIELDS,
  ],
  required: ["id"],
  attributeEntity: "customer",
  piiColumns: PII_FIELDS,
  schema: schema as z.ZodType<CustomerInput, unknown>,
  write,
};
