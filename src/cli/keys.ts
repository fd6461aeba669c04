/** `nudge keys create|list|revoke`: API keys with scopes; a key is printed once and only its hash is stored. */
import type { Command } from "commander";
import { createApiKey, parseScopes } from "../api/index.js";
import { isoNow, NudgeError, newId } from "../core/index.js";
import { configFor, type GlobalOptions, withStore } from "./context.js";
import { emit, type Io } from "./io.js";

const collect = (value: string, previous: string[]) => [...previous, value];

export function keysCommand(program: Command, io: Io): void {
  const keys = program.command("keys").description("API keys");
  keys
    .command("create")
    .description("create a key and print it once")
    .requiredOption("--scope <scope>", "ingest|read|admin (repeatable or comma-separated)", collect, [])
    .option("--label <text>", "what the key is for")
    .action(async (flags: { scope: string[]; label?: string }, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const scopes = parseScopes(flags.scope);
      const created = await withStore(configFor(io, options), (store) =>
        createApiKey(store, scopes, flags.label ?? null, isoNow()),
      );
      emit(io, Boolean(options.json), created, () => [
        created.key,
        `(key ${created.id}, scopes ${created.scopes.join(",")}; store it now: it is not shown again)`,
      ]);
    });
  keys
    .command("list")
    .description("list keys (never their secrets)")
    .action(async (_flags: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const rows = await withStore(configFor(io, options), (store) => store.apiKeys.list());
      const list = rows.map((r) => ({ ...r, scopes: JSON.parse(r.scopes) as string[] }));
      emit(io, Boolean(options.json), { keys: list }, () =>
        list.length === 0
          ? ["no keys"]
          : list.map(
              (k) =>
                `${k.id}  ${k.scopes.join(",")}  ${k.revoked_at ? `revoked ${k.revoked_at}` : "active"}  ${k.label ?? ""}`,
            ),
      );
    });
  keys
    .command("revoke")
    .description("revoke a key")
    .argument("<id>", "key id")
    .action(async (id: string, _flags: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const revoked = await withStore(configFor(io, options), async (store) => {
        const done = await store.apiKeys.revoke(id, isoNow());
        if (done)
          await store.audit.record({
            id: newId("aud"),
            at: isoNow(),
            actor: "cli",
            action: "keys.revoke",
            target: id,
            details: "{}",
          });
        return done;
      });
      if (!revoked) throw new NudgeError("NOT_FOUND", `no active key '${id}'`);
      emit(io, Boolean(options.json), { id, revoked: true }, () => [`revoked ${id}`]);
    });
}
