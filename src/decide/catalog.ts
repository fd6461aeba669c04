/**
 * The products the arbiter ranks, read once and again after a minute, so a decision costs no catalog
 * query. A product unknown to the catalog (a message, an incentive) has no value, category or risk.
 */
import type { Store } from "../store/index.js";

export interface CatalogEntry {
  name: string;
  category: string;
  riskLevel: number | null;
  /** Minor units. */
  value: number;
}

const REFRESH_MS = 60_000;

export class Catalog {
  private entries = new Map<string, CatalogEntry>();
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;

  constructor(private readonly store: Store) {}

  async get(): Promise<Map<string, CatalogEntry>> {
    if (Date.now() - this.loadedAt >= REFRESH_MS) {
      this.loading ??= this.load().finally(() => {
        this.loading = undefined;
      });
      await this.loading;
    }
    return this.entries;
  }

  /** Forgets what was read, so the next decision reads the catalog again. */
  invalidate(): void {
    this.loadedAt = Number.NEGATIVE_INFINITY;
  }

  private async load(): Promise<void> {
    const products = await this.store.products.list();
    this.entries = new Map(
      products.map((p) => [
        p.id,
        {
          name: p.name,
          category: p.category,
          riskLevel: p.risk_level === null ? null : Number(p.risk_level),
          value: Number(p.value ?? 0),
        },
      ]),
    );
    this.loadedAt = Date.now();
  }
}
