/** `nudge ingest KIND FILE`: stream a CSV, JSONL or Parquet file into the store. */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { NudgeError } from "../core/index.js";
import {
  type FileFormat,
  INGEST_KINDS,
  type IngestKind,
  type IngestReport,
  ingestFile,
  parseAttributeDeclarations,
  parseMapping,
} from "../ingest/index.js";
import { configFor, type GlobalOptions, withStore } from "./context.js";
import { count, emit, type Io, progressBar } from "./io.js";

interface IngestFlags extends GlobalOptions {
  map: string[];
  mapping?: string;
  attr: string[];
  encoding?: string;
  delimiter?: string;
  format?: FileFormat;
  subsidiary?: string;
  idPrefix?: string;
}

/** A mapping file: `{"columns": {"src": "field"}, "attributes": {"name": "type"}, "encoding": …, "delimiter": …}`. */
interface MappingFile {
  columns?: Record<string, string>;
  attributes?: Record<string, string>;
  encoding?: string;
  delimiter?: string;
  subsidiary?: string;
}

function readMappingFile(path: string): MappingFile {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as MappingFile;
  } catch (error) {
    throw new NudgeError("INPUT_INVALID", `mapping file ${path}: ${(error as Error).message}`);
  }
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function ingestCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("ingest")
    .description(`load a file of ${INGEST_KINDS.join("|")} (CSV, JSONL or Parquet)`)
    .argument("<kind>", INGEST_KINDS.join("|"))
    .argument("<file>", "input file")
    .option("--map <src=field>", "rename a column (repeatable); @row=id numbers rows as ids", collect, [])
    .option("--mapping <file>", "JSON mapping file: columns, attributes, encoding, delimiter")
    .option(
      "--attr <name:type>",
      "declare an attribute type: integer|number|boolean|date|string (repeatable)",
      collect,
      [],
    )
    .option("--encoding <name>", "text encoding of CSV files: utf8 (default), gbk, gb18030, latin1…")
    .option("--delimiter <char>", "CSV delimiter (detected when absent)")
    .option("--format <format>", "csv|jsonl|parquet (from the file name when absent)")
    .option("--subsidiary <name>", "subsidiary of customer rows, and the id space of customer references")
    .option("--id-prefix <prefix>", "prefix for new customer ids (keeps subsidiaries' id spaces apart)")
    .action(async (kind: string, file: string, flags: IngestFlags, command: Command) => {
      const options = { ...command.optsWithGlobals<GlobalOptions>(), ...flags };
      if (!INGEST_KINDS.includes(kind as IngestKind)) {
        throw new NudgeError("INPUT_INVALID", `unknown kind '${kind}': use ${INGEST_KINDS.join(", ")}`);
      }
      const mappingFile = options.mapping ? readMappingFile(options.mapping) : {};
      const mapping = new Map([...Object.entries(mappingFile.columns ?? {}), ...parseMapping(options.map)]);
      const attributeTypes = parseAttributeDeclarations([
        ...Object.entries(mappingFile.attributes ?? {}).map(([n, t]) => `${n}:${t}`),
        ...options.attr,
      ]);
      const config = configFor(io, options);
      const progress = progressBar(io, Boolean(options.json), "rows");
      const report = await withStore(config, (store) =>
        ingestFile(store, kind as IngestKind, file, {
          mapping,
          attributeTypes,
          piiKey: config.piiKey,
          subsidiary: options.subsidiary ?? mappingFile.subsidiary,
          idPrefix: options.idPrefix,
          read: {
            encoding: options.encoding ?? mappingFile.encoding,
            delimiter: options.delimiter ?? mappingFile.delimiter,
            format: options.format,
          },
          onProgress: (p) =>
            progress.update(p.totalBytes ? p.bytesRead : p.rows, p.totalBytes, `${count(p.rows)} rows`),
        }).finally(() => progress.stop()),
      );
      emit(io, Boolean(options.json), report, () => describeReport(report));
      // Non-zero only when nothing could be stored although rows were read.
      if (report.inserted + report.updated === 0 && report.rejected > 0) setExit(1);
    });
}

function describeReport(report: IngestReport): string[] {
  const lines = [
    `${report.kind}: ${count(report.inserted)} inserted, ${count(report.updated)} updated, ${count(report.rejected)} rejected in ${report.seconds} s (run ${report.run})`,
  ];
  for (const c of report.ignoredColumns) lines.push(`  ignored column ${c.column}: ${c.reason}`);
  for (const e of report.errors.slice(0, 20)) lines.push(`  row ${e.row}, ${e.field}: ${e.message}`);
  if (report.rejected > 20)
    lines.push(
      `  … ${count(report.rejected - Math.min(20, report.errors.length))} more rejects (--json lists the first ${report.errors.length})`,
    );
  return lines;
}
