// Builds the web app into dist/, the folder Firebase Hosting serves (firebase.json "public"):
// src/main.ts bundled and minified with esbuild, and the static files beside it.
//   node build.mjs          (npm run build; `make web`)

import { cpSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
cpSync(join(here, "static"), dist, { recursive: true });
await build({
  entryPoints: [join(here, "src", "main.ts")],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  outfile: join(dist, "app.js"),
  logLevel: "warning",
});
const bytes = statSync(join(dist, "app.js")).size;
const gzipped = gzipSync(readFileSync(join(dist, "app.js"))).length;
console.log(
  `web: built dist/app.js, ${(bytes / 1024).toFixed(0)} KiB (${(gzipped / 1024).toFixed(0)} KiB gzipped)`,
);
