/** Test support: outbox rows as `recordDecisions` writes them, enqueued straight into a store. */
import type { DeliveryPayload } from "../../decide/index.js";
import type { Store } from "../../store/index.js";

type NewDelivery = Parameters<Store["deliveries"]["enqueue"]>[0];

/** An offer message whose title and body use its params. */
export const SAMPLE_PAYLOAD: DeliveryPayload = {
  offerId: "p1",
  template: { title: "Hi {{offer_name}}", body: "{{reason}}" },
  params: { offer_name: "Fund", reason: "r" },
  campaignId: null,
};

/**
 * A pending delivery `dlv_<name>` of decision `dec_<name>` for customer `C-<name>`, due at `at`, keyed
 * `<decision>:<channel>` like recorded decisions.
 */
export function deliveryRow(
  name: string,
  at: string,
  overrides: Partial<NewDelivery> & { payload?: string } = {},
): NewDelivery {
  const channel = overrides.channel ?? "webhook";
  return {
    id: `dlv_${name}`,
    decision_id: `dec_${name}`,
    customer_id: `C-${name}`,
    channel,
    idempotency_key: `dec_${name}:${channel}`,
    status: "pending",
    attempts: 0,
    next_attempt_at: null,
    last_error: null,
    payload: JSON.stringify(SAMPLE_PAYLOAD),
    created_at: at,
    updated_at: at,
    sent_at: null,
    ...overrides,
  };
}

/** Enqueues the rows in one transaction. */
export async function enqueueAll(store: Store, rows: readonly NewDelivery[]): Promise<void> {
  await store.transaction(async (tx) => {
    for (const row of rows) await tx.deliveries.enqueue(row);
  });
}
