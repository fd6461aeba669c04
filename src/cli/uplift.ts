/** `nudge uplift candidates`: an incentive for the customers it persuades, where P(persuadable) × value − cost > 0. */
import type { Command } from "commander";
import { incentiveCandidates } from "../sources/uplift/index.js";
import { configFor, type GlobalOptions, withStore } from "./context.js";
import { count, emit, type Io } from "./io.js";
import { countOption, numberOption } from "./parse.js";

export function upliftCommand(program: Command, io: Io): void {
  const uplift = program.command("uplift").description("incentives for the customers they persuade");
  uplift
    .command("candidates")
    .description(
      "score every customer with an uplift model; write candidates where P(persuadable) × value − cost > 0",
    )
    .requiredOption("--model <model>", "uplift model id or name")
    .requiredOption("--offer <id>", "the incentive (product or offer id)")
    .requiredOption("--value <v>", "what a persuaded customer is worth", numberOption("--value"))
    .option("--cost <c>", "what the incentive costs per customer", numberOption("--cost"), 0)
    .option("--budget <n>", "most customers to offer it to (best net value first)", countOption("--budget"))
    .action(
      async (
        flags: { model: string; offer: string; value: number; cost: number; budget?: number },
        command: Command,
      ) => {
        const options = command.optsWithGlobals<GlobalOptions>();
        const result = await withStore(configFor(io, options), (store) =>
          incentiveCandidates(store, { ...flags, offerId: flags.offer }),
        );
        emit(io, Boolean(options.json), result, () => [
          `${result.model}: ${count(result.scored)} customers scored, ${count(result.worthwhile)} worth the incentive; ${count(result.candidates)} candidates written, expected net value ${result.expectedNetValue}`,
        ]);
      },
    );
}
