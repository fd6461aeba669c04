/** Products, holdings, events, relations, outcomes and messages: schemas and how each is stored. */
import { contentId, extend } from "../../core/index.js";
import {
  inRange,
  oneOf,
  optional,
  type RowOf,
  type RowSchema,
  required,
  rowSchema,
  text,
  withDefault,
} from "../fields.js";
import type { KindSpec, ParsedRow, RowError, WriteContext } from "../kind.js";
import {
  parseBoolean,
  parseDate,
  parseInteger,
  parseMinorUnits,
  parseNumber,
  parseTimestamp,
  ValueError,
} from "../values.js";
import { keyedWriter } from "./keyed-writer.js";

const ID = text(128);
/** Relation types the graph models understand. */
export const RELATION_TYPES = ["family", "colleague", "referral", "transfer", "other"] as const;
const MAX_MESSAGE_CHARS = 10_000;
const HAN = /\p{Script=Han}/u;

const positive = (value: unknown) => {
  const n = parseNumber(value);
  if (!(n > 0)) throw new ValueError(`${n} must be greater than 0`);
  return n;
};
const flag = (value: unknown) => (parseBoolean(value) ? 1 : 0);

const productFields = {
  id: required(ID),
  name: required(text(256)),
  category: required(text(64)),
  risk_level: optional(inRange(parseInteger, 1, 5)),
  value: withDefault(parseMinorUnits, 0),
};
const productRow = rowSchema(productFields);
type ProductInput = RowOf<typeof productFields>;

export const productsKind: KindSpec<ProductInput> = {
  kind: "products",
  tables: ["products"],
  attributeEntity: "product",
  piiColumns: [],
  row: productRow as RowSchema<ProductInput>,
  write: keyedWriter<ProductInput, "products">({
    repository: (s) => s.products,
    keys: ["id"],
    customerFields: [],
    toRow: ({ value, attributes }, c) =>
      extend(value, { attributes: JSON.stringify(attributes), created_at: c.now, updated_at: c.now }),
  }),
};

const holdingFields = {
  customer_id: required(ID),
  product_id: required(ID),
  since: optional(parseDate),
  amount: optional(parseMinorUnits),
};
const holdingRow = rowSchema(holdingFields);
type HoldingInput = RowOf<typeof holdingFields>;

async function knownProducts(batch: ParsedRow<HoldingInput>[], context: WriteContext) {
  const known = await context.store.products.knownIds(batch.map((b) => b.value.product_id));
  const errors: RowError[] = [];
  const kept = batch.filter((b) => {
    if (known.has(b.value.product_id)) return true;
    errors.push({
      row: b.row,
      field: "product_id",
      message: `unknown product '${b.value.product_id}': ingest products first`,
    });
    return false;
  });
  return { kept, errors };
}

export const holdingsKind: KindSpec<HoldingInput> = {
  kind: "holdings",
  tables: ["holdings"],
  attributeEntity: undefined,
  piiColumns: [],
  row: holdingRow as RowSchema<HoldingInput>,
  write: keyedWriter<HoldingInput, "holdings">({
    repository: (s) => s.holdings,
    keys: ["customer_id", "product_id"],
    customerFields: ["customer_id"],
    check: knownProducts,
    toRow: ({ value }, c) => ({ ...value, updated_at: c.now }),
  }),
};

const eventFields = {
  id: optional(ID),
  customer_id: required(ID),
  type: required((v) => text(32)(v).toLowerCase()),
  item_id: optional(ID),
  category: optional(text(64)),
  ts: required(parseTimestamp),
  value: optional(parseNumber),
};
const eventRow = rowSchema(eventFields);
type EventInput = RowOf<typeof eventFields>;

export const eventsKind: KindSpec<EventInput> = {
  kind: "events",
  tables: ["events"],
  attributeEntity: undefined,
  piiColumns: [],
  row: eventRow as RowSchema<EventInput>,
  write: keyedWriter<EventInput, "events">({
    repository: (s) => s.events,
    keys: ["id"],
    customerFields: ["customer_id"],
    // Without an id column the event's content is its identity, so loading a file twice adds nothing.
    toRow: ({ value: v }) =>
      extend(v, {
        id: v.id ?? contentId("ev", [v.customer_id, v.type, v.item_id, v.category, v.ts, v.value]),
      }),
  }),
};

const relationFields = {
  src: required(ID),
  dst: required(ID),
  type: required(oneOf(RELATION_TYPES)),
  weight: withDefault(positive, 1),
};
type RelationInput = RowOf<typeof relationFields>;
const relationRow = rowSchema(relationFields, [
  (r) => (r.src === r.dst ? { field: "dst", message: "a customer cannot be related to itself" } : null),
]);

export const relationsKind: KindSpec<RelationInput> = {
  kind: "relations",
  tables: ["relations"],
  attributeEntity: undefined,
  piiColumns: [],
  row: relationRow as RowSchema<RelationInput>,
  write: keyedWriter<RelationInput, "relations">({
    repository: (s) => s.relations,
    keys: ["src", "dst", "type"],
    customerFields: ["src", "dst"],
    toRow: ({ value }) => value,
  }),
};

const outcomeFields = {
  customer_id: required(ID),
  campaign: required(text(128)),
  treated: required(flag),
  responded: required(flag),
  ts: optional(parseTimestamp),
};
const outcomeRow = rowSchema(outcomeFields);
type OutcomeInput = RowOf<typeof outcomeFields>;

export const outcomesKind: KindSpec<OutcomeInput> = {
  kind: "outcomes",
  tables: ["outcomes"],
  attributeEntity: undefined,
  piiColumns: [],
  row: outcomeRow as RowSchema<OutcomeInput>,
  write: keyedWriter<OutcomeInput, "outcomes">({
    repository: (s) => s.outcomes,
    keys: ["customer_id", "campaign"],
    customerFields: ["customer_id"],
    toRow: ({ value }) => value,
  }),
};

const messageFields = {
  id: required(ID),
  text: required(text(MAX_MESSAGE_CHARS)),
  lang: optional((v) => text(16)(v).toLowerCase()),
  channel: optional(text(32)),
};
const messageRow = rowSchema(messageFields);
type MessageInput = RowOf<typeof messageFields>;

export const messagesKind: KindSpec<MessageInput> = {
  kind: "messages",
  tables: ["messages"],
  attributeEntity: undefined,
  piiColumns: [],
  row: messageRow as RowSchema<MessageInput>,
  write: keyedWriter<MessageInput, "messages">({
    repository: (s) => s.messages,
    keys: ["id"],
    customerFields: [],
    toRow: ({ value }, c) =>
      extend(value, {
        lang: value.lang ?? (HAN.test(value.text) ? "zh" : "en"),
        category: null,
        tags: null,
        created_at: c.now,
        updated_at: c.now,
      }),
  }),
};
