/** The policies file (YAML or JSON): overrides of the default policy settings, checked at start. */
import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { NudgeError } from "../core/index.js";
import { resolvePolicySettings } from "./settings.js";
import type { PolicySettings } from "./types.js";

export async function loadPolicySettings(path: string): Promise<PolicySettings> {
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(path, "utf8"));
  } catch (error) {
    throw new NudgeError("CONFIG_INVALID", `policies file ${path}: ${(error as Error).message}`);
  }
  try {
    return resolvePolicySettings(raw ?? {});
  } catch (error) {
    throw new NudgeError("CONFIG_INVALID", `policies file ${path}: ${(error as Error).message}`);
  }
}
