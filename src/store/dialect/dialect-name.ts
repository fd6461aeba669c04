/** The SQL family a store speaks; PGlite speaks PostgreSQL. */
export type DialectName = "sqlite" | "postgres";
