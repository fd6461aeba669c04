/** What every command shares: the global options, the parsed configuration and an open store. */
import { type Config, loadConfig } from "../core/index.js";
import { openStore, type Store } from "../store/index.js";
import type { Io } from "./io.js";

export interface GlobalOptions {
  db?: string;
  json?: boolean;
}

/** Configuration from the environment, with `--db` winning over NUDGE_DB. */
export function configFor(io: Io, options: GlobalOptions, overrides: Partial<Config> = {}): Config {
  return loadConfig(io.env, { ...overrides, ...(options.db ? { dbUrl: options.db } : {}) });
}

/** Runs `work` with the store open, closing it afterwards whatever happens. */
export async function withStore<T>(config: Config, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(config.dbUrl);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
