// Runs inside the sandbox: loads the learner's code once and runs every test, reporting on fd 3.
// Expected outputs never come here; the host compares.
"use strict";
const fs = require("fs");
const vm = require("vm");
const { spawnSync } = require("child_process");

const config = JSON.parse(fs.readFileSync(0, "utf8"));
const RESULTS = config.results_fd;
const LIMIT = config.time_limit_ms;
const MAX_OUTPUT = config.max_output_bytes;
const emit = (record) => fs.writeSync(RESULTS, JSON.stringify(record) + "\n");

let source = fs.readFileSync(config.solution, "utf8");
if (config.language === "typescript") {
  const built = spawnSync(config.esbuild, ["--loader=ts", "--format=cjs", "--log-level=error"], {
    input: source, encoding: "utf8", timeout: 10000,
  });
  if (built.status !== 0) {
    emit({ compile: "error", message: (built.stderr || "could not transpile").slice(0, 4000) });
    process.exit(0);
  }
  source = built.stdout;
}
let script;
try {
  script = new vm.Script(source, { filename: "solution.js" });
} catch (error) {
  emit({ compile: "error", message: String(error).slice(0, 4000) });
  process.exit(0);
}
fs.writeFileSync(config.scratch, source);
emit({ compile: "ok" });

function capture() {
  const parts = { out: [], err: [], size: 0, flooded: false };
  const writer = (key) => (chunk) => {
    const text = String(chunk);
    parts.size += text.length;
    if (parts.size > MAX_OUTPUT) { parts.flooded = true; throw new Error("output limit"); }
    parts[key].push(text);
    return true;
  };
  const saved = [process.stdout.write, process.stderr.write];
  process.stdout.write = writer("out");
  process.stderr.write = writer("err");
  return () => {
    [process.stdout.write, process.stderr.write] = saved;
    return parts;
  };
}

function describe(error) {
  if (error && error.stack) {
    const line = /solution\.js:(\d+)/.exec(error.stack);
    return `${error.name}: ${error.message}${line ? ` (line ${line[1]})` : ""}`.slice(0, 2000);
  }
  return String(error).slice(0, 2000);
}

function run(index, call) {
  const record = { i: index, status: "ok" };
  const restore = capture();
  const started = process.hrtime.bigint();
  try {
    record.actual = call();
  } catch (error) {
    const text = String(error && error.message);
    if (text.includes("Script execution timed out")) record.status = "timeout";
    else if (error instanceof RangeError && /heap|allocation/i.test(text)) record.status = "memory";
    else { record.status = "error"; record.error = describe(error); }
  }
  const parts = restore();
  if (parts.flooded) record.status = "output";
  record.duration_ms = Number(process.hrtime.bigint() - started) / 1e6;
  record.memory_kb = Math.round(process.memoryUsage().rss / 1024);
  record.stdout = parts.out.join("").slice(0, MAX_OUTPUT);
  record.stderr = parts.err.join("").slice(0, MAX_OUTPUT);
  if (record.status === "timeout" || record.status === "memory") {
    emit(record);
    process.exit(0);  // the rest would fail the same way
  }
  if (record.status === "ok" && config.mode === "function") {
    try {
      record.actual = record.actual === undefined ? null : JSON.parse(JSON.stringify(record.actual));
    } catch (error) {
      record.status = "error";
      record.error = "returned a value that is not JSON";
      delete record.actual;
    }
  }
  emit(record);
}

if (config.mode === "function") {
  const name = config.entry_point;
  run(-1, () => {
    script.runInThisContext({ timeout: LIMIT });
    if (typeof globalThis[name] !== "function") throw new ReferenceError(`define a function named ${name}`);
    return null;
  });
  const call = new vm.Script(`${name}(...globalThis.__args)`, { filename: "harness-call.js" });
  config.inputs.forEach((args, index) => {
    globalThis.__args = args;
    run(index, () => call.runInThisContext({ timeout: LIMIT }));
  });
} else {
  config.inputs.forEach((text, index) => {
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, [config.scratch], {
      input: text, encoding: "utf8", timeout: LIMIT, maxBuffer: MAX_OUTPUT,
    });
    const record = {
      i: index, status: "ok", stdout: (child.stdout || "").slice(0, MAX_OUTPUT),
      stderr: (child.stderr || "").slice(0, MAX_OUTPUT),
      duration_ms: Number(process.hrtime.bigint() - started) / 1e6,
      memory_kb: Math.round(process.memoryUsage().rss / 1024),
    };
    if (child.error && child.error.code === "ETIMEDOUT") { record.status = "timeout"; emit(record); process.exit(0); }
    else if (child.error && child.error.code === "ENOBUFS") record.status = "output";
    else if (child.status !== 0) { record.status = "error"; record.error = `exited with code ${child.status ?? child.signal}`; }
    emit(record);
  });
}
