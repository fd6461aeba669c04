/** The command line: `runCli(argv)` runs one command and answers its exit code. */
export { EXIT, runCli } from "./main.js";
