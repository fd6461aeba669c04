/** The kinds Nudge ingests, by name. */
import type { IngestKind, KindSpec } from "../kind.js";
import { customersKind } from "./customers.js";
import {
  eventsKind,
  holdingsKind,
  messagesKind,
  outcomesKind,
  productsKind,
  relationsKind,
} from "./records.js";

const KINDS: Record<IngestKind, KindSpec<never>> = {
  customers: customersKind as KindSpec<never>,
  products: productsKind as KindSpec<never>,
  holdings: holdingsKind as KindSpec<never>,
  events: eventsKind as KindSpec<never>,
  relations: relationsKind as KindSpec<never>,
  outcomes: outcomesKind as KindSpec<never>,
  messages: messagesKind as KindSpec<never>,
};

/** The spec of one kind. */
export function kindSpec(kind: IngestKind): KindSpec<never> {
  return KINDS[kind];
}
