/** Ingestion: files and API batches → validated, identity-linked rows in the store, with a reject report. */
export { ATTRIBUTE_TYPES, parseAttributeDeclarations } from "./attributes.js";
export { parseMapping, ROW_NUMBER_COLUMN } from "./columns.js";
export { maskPii, PersonKeyer, PII_FIELDS } from "./identity.js";
export { INGEST_KINDS, type IngestKind, type RowError } from "./kind.js";
export { CHANNELS } from "./kinds/customers.js";
export { RELATION_TYPES } from "./kinds/records.js";
export { type IngestOptions, type IngestReport, MAX_REPORTED_ERRORS } from "./pipeline.js";
export { type FileFormat, openRecords, type ReadOptions, type RecordError } from "./readers/index.js";
export { type FileProgress, ingestFile, ingestObjects } from "./sources.js";
