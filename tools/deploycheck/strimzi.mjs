// Strimzi custom resources against Strimzi's CRD schemas (run by tools/deploycheck/check.py).
//
// The schemas are the standalone ajv validators of @kubernetes-models/strimzi-kafka-operator
// (generated from Strimzi's released CRDs), pinned in tools/deploycheck/node and installed into
// .tools/deploycheck-node by `scripts/install-node-tools.sh deploycheck` (make install).
// They check types, enums, bounds, patterns and required fields, but not unknown fields: the
// generated schemas carry no additionalProperties, so a misspelt key passes (check.py's own
// rules cover the fields that matter).
//
// Usage: node strimzi.mjs < DOCUMENTS.json, where DOCUMENTS.json is a list of
// {"path": "...", "document": {...}}. Prints `path: kind/name: instancePath message` for every
// error; exits 1 on any error, on an apiVersion/kind with no validator, or on no documents.

import { existsSync, readFileSync } from "node:fs";

const MODULES = new URL("../../.tools/deploycheck-node/node_modules/", import.meta.url);
const NAME = "@kubernetes-models/strimzi-kafka-operator";
const PACKAGE = new URL(`${NAME}/`, MODULES);

// kafka.strimzi.io/v1beta2 + KafkaTopic -> _schemas/KafkaStrimziIoV1beta2KafkaTopic.js
function schemaFile(apiVersion, kind) {
  const match = /^([a-z.]+\.strimzi\.io)\/(v[0-9a-z]+)$/.exec(apiVersion ?? "");
  if (!match || !/^[A-Za-z0-9]+$/.test(kind ?? "")) return null;
  const capital = (word) => word[0].toUpperCase() + word.slice(1);
  const group = match[1].split(".").map(capital).join("");
  return new URL(`_schemas/${group}${capital(match[2])}${kind}.js`, PACKAGE);
}

async function main() {
  const manifest = new URL("package.json", PACKAGE);
  if (!existsSync(manifest)) {
    console.log(
      "Strimzi schemas missing: run `scripts/install-node-tools.sh deploycheck` (make install)",
    );
    return 1;
  }
  const { version } = JSON.parse(readFileSync(manifest, "utf8"));
  const { default: localize } = await import(new URL("ajv-i18n/localize/en/index.js", MODULES));
  const items = JSON.parse(readFileSync(0, "utf8"));
  const validators = new Map();
  let failures = 0;
  for (const { path, document } of items) {
    const { apiVersion, kind } = document;
    const name = `${path}: ${kind}/${document.metadata?.name}`;
    const file = schemaFile(apiVersion, kind);
    if (file === null || !existsSync(file)) {
      failures++;
      console.log(`${name}: no validator for ${apiVersion} ${kind} in ${NAME} ${version}`);
      continue;
    }
    if (!validators.has(file.href)) {
      validators.set(file.href, (await import(file.href)).validate);
    }
    const validate = validators.get(file.href);
    if (validate(document)) continue;
    localize(validate.errors);
    for (const error of validate.errors) {
      failures++;
      const allowed = error.params?.allowedValues;
      const detail = allowed ? ` (${allowed.join(", ")})` : "";
      console.log(`${name}: ${error.instancePath || "/"} ${error.message}${detail}`);
    }
  }
  console.log(
    `Strimzi custom resources: ${items.length} checked against` +
      ` ${NAME} ${version}` +
      (failures ? `, ${failures} errors` : ""),
  );
  return failures || items.length === 0 ? 1 : 0;
}

process.exitCode = await main();
