/**
 * The console's build: `vite build --config web/vite.config.ts` writes web/dist, which `nudge serve`
 * serves at `/`. `vite --config web/vite.config.ts` develops against a running `nudge serve`
 * (NUDGE_API, default http://127.0.0.1:3000), proxying the API and the call-assist stream.
 */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const api = process.env.NUDGE_API ?? "http://127.0.0.1:3000";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // ECharts alone is about 600 kB minified; one bundle served from the same machine is fine.
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
  },
  server: {
    host: "127.0.0.1",
    proxy: {
      "/v1": { target: api, ws: true },
      "/openapi.json": api,
      "/healthz": api,
    },
  },
});
