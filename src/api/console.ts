/**
 * The web console (web/, React + Vite) as static files: `GET /` answers its index.html and
 * `GET /assets/{file}` its hashed scripts and styles, from `web/dist` (built by `npm run build:web`,
 * part of `npm run build`). Public: the page holds no data; it asks for an API key and calls the API
 * with it. Pages are addressed by the URL fragment (`/#/customers/c1`), so no other path is needed.
 */
import { readFile, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply } from "fastify";

/** web/dist beside src/ and dist/: this file is src/api/console.ts or dist/api/console.js. */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL("../../web/dist/", import.meta.url));

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".map": "application/json; charset=utf-8",
};
/** Asset names Vite writes: a name, a content hash, an extension; nothing that could leave the folder. */
const ASSET = /^[A-Za-z0-9_.-]{1,200}$/;
/** Hashed assets never change under the same name. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Scripts and styles only from this server, API calls and the call-assist stream back to it; ECharts
 * sets inline styles. No framing, no base tag, no referrer (a key never travels anyway: it sits in the
 * fragment and session storage).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

const NOT_BUILT =
  "The Nudge console is not built. Run `npm run build:web` (npm install and npm run build do it), then reload.\n";

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

function pageHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header("content-security-policy", CONTENT_SECURITY_POLICY)
    .header("x-content-type-options", "nosniff")
    .header("referrer-policy", "no-referrer")
    .header("x-frame-options", "DENY");
}

export function installConsole(app: FastifyInstance, dir: string = DEFAULT_CONSOLE_DIR): void {
  const index = join(dir, "index.html");
  app.get("/", { schema: { hide: true } }, async (_request, reply) => {
    if (!(await isFile(index))) return reply.code(503).type("text/plain; charset=utf-8").send(NOT_BUILT);
    return pageHeaders(reply)
      .header("cache-control", "no-cache")
      .type("text/html; charset=utf-8")
      .send(await readFile(index));
  });
  app.get<{ Params: { file: string } }>(
    "/assets/:file",
    { schema: { hide: true } },
    async (request, reply) => {
      const { file } = request.params;
      const path = join(dir, "assets", file);
      if (!ASSET.test(file) || file.startsWith(".") || !(await isFile(path)))
        return reply.code(404).send({ error: { code: "NOT_FOUND", message: `no console asset '${file}'` } });
      return pageHeaders(reply)
        .header("cache-control", IMMUTABLE)
        .type(TYPES[extname(file)] ?? "application/octet-stream")
        .send(await readFile(path));
    },
  );
}
