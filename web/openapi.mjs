// The API client's types, generated from the OpenAPI document the API serves (docs/openapi.json,
// written by `make docs` from the route table) into src/api/schema.d.ts.
//   node openapi.mjs           regenerate (`make openapi`)
//   node openapi.mjs --check   exit 1 if src/api/schema.d.ts is stale (`make lint`, so CI)

import { readFileSync, writeFileSync } from "node:fs";
import openapiTS, { astToString } from "openapi-typescript";

const source = new URL("../docs/openapi.json", import.meta.url);
const target = new URL("./src/api/schema.d.ts", import.meta.url);
const header =
  "// Generated from docs/openapi.json by web/openapi.mjs (openapi-typescript); run `make openapi`.\n\n";
const text = header + astToString(await openapiTS(source, { defaultNonNullable: false }));

if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {}
  if (current !== text) {
    console.error("web/src/api/schema.d.ts is stale: run `make openapi`");
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
}
