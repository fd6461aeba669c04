import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "./index.js";
import { storeKinds } from "./test-support/stores.js";

const at = (second: number) => `2026-12-03T10:00:${String(second).padStart(2, "0")}.000Z`;

describe.each(storeKinds())("call repository ($name)", (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await kind.open();
  }, 60_000);
  afterAll(async () => store.close());

  const utterance = (callId: string, turn: number, text: string) => ({
    id: `${callId}-u${turn}`,
    call_id: callId,
    turn,
    speaker: "customer",
    text,
    lang: "en",
    scene: "opening",
    intent: "greeting",
    emotion: "neutral",
    intensity: 0.1,
    analysis: JSON.stringify({ scripts: [] }),
    model_id: "scripts-v1",
    created_at: at(turn),
  });

  it("numbers a call's turns, refuses a taken turn and lists the call in order", async () => {
    expect(await store.calls.nextTurn("call-a")).toBe(1);
    expect(await store.calls.insertUtterance(utterance("call-a", 1, "hello"))).toBe(true);
    expect(await store.calls.insertUtterance(utterance("call-a", 2, "what rate?"))).toBe(true);
    expect(await store.calls.insertUtterance({ ...utterance("call-a", 2, "again"), id: "other" })).toBe(
      false,
    );
    expect(await store.calls.nextTurn("call-a")).toBe(3);
    await store.calls.insertUtterance({ ...utterance("call-b", 1, "hi"), created_at: at(5) });
    expect((await store.calls.utterances("call-a")).map((u) => u.text)).toEqual(["hello", "what rate?"]);
    expect((await store.calls.utterances("call-a", 1)).map((u) => u.turn)).toEqual([2]);
    expect((await store.calls.utterance("call-a-u2"))?.intensity).toBeCloseTo(0.1);
    expect(await store.calls.recent(10)).toEqual([
      { call_id: "call-b", utterances: 1, started_at: at(5), last_at: at(5) },
      { call_id: "call-a", utterances: 2, started_at: at(1), last_at: at(2) },
    ]);
  });

  it("knows a call's customer from the first utterance that named one", async () => {
    expect(await store.calls.customerOf("call-c")).toBeNull();
    await store.calls.insertUtterance({ ...utterance("call-c", 1, "hi"), customer_id: null });
    expect(await store.calls.customerOf("call-c")).toBeNull();
    await store.calls.insertUtterance({ ...utterance("call-c", 2, "it is me"), customer_id: "C1" });
    await store.calls.insertUtterance({ ...utterance("call-c", 3, "or him"), customer_id: "C2" });
    expect(await store.calls.customerOf("call-c")).toBe("C1");
  });

  it("keeps one rating per script and utterance, and one example per rating", async () => {
    const rating = {
      id: "r1",
      call_id: "call-a",
      utterance_id: "call-a-u2",
      script_id: "s-rate-1",
      rating: 70,
      agent: "agent-7",
      created_at: at(10),
    };
    expect((await store.calls.rate(rating)).rating).toBe(70);
    const again = await store.calls.rate({ ...rating, id: "r2", rating: 90, created_at: at(11) });
    expect(again).toMatchObject({ id: "r1", rating: 90 });
    expect(await store.calls.ratings("call-a")).toHaveLength(1);
    const example = {
      id: "e1",
      text: "what rate?",
      context: JSON.stringify({ scene: "needs_discovery" }),
      script_id: "s-rate-1",
      origin: "feedback",
      rating: 90,
      rating_id: "r1",
      created_at: at(11),
    };
    await store.calls.addExample(example);
    await store.calls.addExample({ ...example, id: "e2", rating: 95, created_at: at(12) });
    expect(await store.calls.examples()).toMatchObject([{ id: "e1", rating: 95 }]);
    expect(await store.calls.countExamples()).toBe(1);
    await store.calls.dropExample("r1");
    expect(await store.calls.countExamples()).toBe(0);
  });
});
