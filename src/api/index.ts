/** HTTP API: Fastify server, API keys with scopes, OpenAPI from zod schemas. */
export { allows, createApiKey, hashKey, parseScopes, SCOPES, type Scope } from "./keys.js";
export { buildServer, type ServerOptions } from "./server.js";
