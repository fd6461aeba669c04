/** Products, holdings, events, relations, outcomes and messages: schemas and how each is stored. */
import { z } from "zod";
import { contentId } from "../../core/index.js";
import { inRange, oneOf, optional, required, text, withDefault } from "../fields.js";
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

const productSchema = z.object({
  id: required(ID),
  name: required(text(256)),
  category: required(text(64)),
  risk_level: optional(inRange(parseInteger, 1, 5)),
  value: withDefault(parseMinorUnits, 0),
});
type ProductInput = z.infer<typeof productSchema>;

export const productsKind: KindSpec<ProductInput> = {
  kind: "products",
  columns: ["id", "name", "category", "risk_level", "value"],
  required: ["id", "name", "category"],
  attributeEntity: "product",
  piiColumns: [],
  schema: productSchema as z.ZodType<ProductInput, unknown>,
  write: keyedWriter<ProductInput, "products">({
    repository: (s) => s.products,
    keys: ["id"],
    customerFields: [],
    toRow: ({ value, attributes }, c) => ({
      ...value,
      attributes: JSON.stringify(attributes),
      created_at: c.now,
      updated_at: c.now,
    }),
  }),
};

const holdingSchema = z.object({
  customer_id: required(ID),
  product_id: required(ID),
  since: optional(parseDate),
  amount: optional(parseMinorUnits),
});
type HoldingInput = z.infer<typeof holdingSchema>;

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
  columns: ["customer_id", "product_id", "since", "amount"],
  required: ["customer_id", "product_id"],
  attributeEntity: undefined,
  piiColumns: [],
  schema: holdingSchema as z.ZodType<HoldingInput, unknown>,
  write: keyedWriter<HoldingInput, "holdings">({
    repository: (s) => s.holdings,
    keys: ["customer_id", "product_id"],
    customerFields: ["customer_id"],
    check: knownProducts,
    toRow: ({ value }, c) => ({ ...value, updated_at: c.now }),
  }),
};

const eventSchema = z.object({
  id: optional(ID),
  customer_id: required(ID),
  type: required((v) => text(32)(v).toLowerCase()),
  item_id: optional(ID),
  category: optional(text(64)),
  ts: required(parseTimestamp),
  value: optional(parseNumber),
});
type EventInput = z.infer<typeof eventSchema>;

export const eventsKind: KindSpec<EventInput> = {
  kind: "events",
  columns: ["id", "customer_id", "type", "item_id", "category", "ts", "value"],
  required: ["customer_id", "type", "ts"],
  attributeEntity: undefined,
  piiColumns: [],
  schema: eventSchema as z.ZodType<EventInput, unknown>,
  write: keyedWriter<EventInput, "events">({
    repository: (s) => s.events,
    keys: ["id"],
    customerFields: ["customer_id"],
    // Without an id column the event's content is its identity, so loading a file twice adds nothing.
    toRow: ({ value: v }) => ({
      ...v,
      id: v.id ?? contentId("ev", [v.customer_id, v.type, v.item_id, v.category, v.ts, v.value]),
    }),
  }),
};

const relationSchema = z
  .object({
    src: required(ID),
    dst: required(ID),
    type: required(oneOf(RELATION_TYPES)),
    weight: withDefault(positive, 1),
  })
  .refine((r) => r.src !== r.dst, { message: "a customer cannot be related to itself", path: ["dst"] });
type RelationInput = z.infer<typeof relationSchema>;

export const relationsKind: KindSpec<RelationInput> = {
  kind: "relations",
  columns: ["src", "dst", "type", "weight"],
  required: ["src", "dst", "type"],
  attributeEntity: undefined,
  piiColumns: [],
  schema: relationSchema as z.ZodType<RelationInput, unknown>,
  write: keyedWriter<RelationInput, "relations">({
    repository: (s) => s.relations,
    keys: ["src", "dst", "type"],
    customerFields: ["src", "dst"],
    toRow: ({ value }) => value,
  }),
};

const outcomeSchema = z.object({
  customer_id: required(ID),
  campaign: required(text(128)),
  treated: required(flag),
  responded: required(flag),
  ts: optional(parseTimestamp),
});
type OutcomeInput = z.infer<typeof outcomeSchema>;

export const outcomesKind: KindSpec<OutcomeInput> = {
  kind: "outcomes",
  columns: ["customer_id", "campaign", "treated", "responded", "ts"],
  required: ["customer_id", "campaign", "treated", "responded"],
  attributeEntity: undefined,
  piiColumns: [],
  schema: outcomeSchema as z.ZodType<OutcomeInput, unknown>,
  write: keyedWriter<OutcomeInput, "outcomes">({
    repository: (s) => s.outcomes,
    keys: ["customer_id", "campaign"],
    customerFields: ["customer_id"],
    toRow: ({ value }) => value,
  }),
};

const messageSchema = z.object({
  id: required(ID),
  text: required(text(MAX_MESSAGE_CHARS)),
  lang: optional((v) => text(16)(v).toLowerCase()),
  channel: optional(text(32)),
});
type MessageInput = z.infer<typeof messageSchema>;

export const messagesKind: KindSpec<MessageInput> = {
  kind: "messages",
  columns: ["id", "text", "lang", "channel"],
  required: ["id", "text"],
  attributeEntity: undefined,
  piiColumns: [],
  schema: messageSchema as z.ZodType<MessageInput, unknown>,
  write: keyedWriter<MessageInput, "messages">({
    repository: (s) => s.messages,
    keys: ["id"],
    customerFields: [],
    toRow: ({ value }, c) => ({
      ...value,
      lang: value.lang ?? (HAN.test(value.text) ? "zh" : "en"),
      category: null,
      tags: null,
      created_at: c.now,
      updated_at: c.now,
    }),
  }),
};
