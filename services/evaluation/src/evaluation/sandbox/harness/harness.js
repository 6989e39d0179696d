// Runs inside the sandbox: compiles the learner's code once, then answers the host's requests,
// one test at a time. The host times every test, decides every verdict and compares answers;
// this script only reports what the code did. No expected output ever reaches it.
// Requests: a 4-byte length, then JSON. Replies: one JSON object per line.
"use strict";
const fs = require("fs");
const vm = require("vm");

const [REQUESTS, REPLIES] = process.argv.slice(2).map(Number);

class OutputLimit extends Error {}
class ExitCalled extends Error {}

function readExact(size) {
  const buffer = Buffer.alloc(size);
  let got = 0;
  while (got < size) {
    const count = fs.readSync(REQUESTS, buffer, got, size - got, null);
    if (count === 0) return null;
    got += count;
  }
  return buffer;
}

function receive() {
  const head = readExact(4);
  const body = head && readExact(head.readUInt32BE(0));
  return body && JSON.parse(body.toString("utf8"));
}

function send(record) {
  const data = Buffer.from(JSON.stringify(record) + "\n");
  let written = 0;
  while (written < data.length) written += fs.writeSync(REPLIES, data, written);
}

// Per-test stdout and stderr that refuse to grow past the limit (console.log writes here too).
function capture(limit) {
  const streams = { stdout: { parts: [], size: 0 }, stderr: { parts: [], size: 0 } };
  let flooded = false;
  const saved = [process.stdout.write, process.stderr.write];
  const writer = (stream) =>
    function write(chunk, encoding, callback) {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
      stream.size += text.length;
      if (stream.size > limit) {
        flooded = true;
        throw new OutputLimit("output limit");
      }
      stream.parts.push(text);
      const done = typeof encoding === "function" ? encoding : callback;
      if (typeof done === "function") done();
      return true;
    };
  process.stdout.write = writer(streams.stdout);
  process.stderr.write = writer(streams.stderr);
  return () => {
    [process.stdout.write, process.stderr.write] = saved;
    return {
      flooded,
      stdout: streams.stdout.parts.join(""),
      stderr: streams.stderr.parts.join(""),
    };
  };
}

function describe(error, typescript) {
  if (!(error instanceof Error)) return `Uncaught ${String(error)}`.slice(0, 2000);
  const line = typescript ? null : /solution\.js:(\d+)/.exec(String(error.stack));
  return `${error.name}: ${error.message}`.slice(0, 2000) + (line ? ` (line ${line[1]})` : "");
}

function errorType(error) {
  if (error instanceof RangeError && /allocation failed/i.test(error.message)) return "MemoryError";
  return error instanceof Error ? error.name : typeof error;
}

async function captured(call, limit, typescript) {
  const restore = capture(limit);
  const reply = { status: "ok" };
  try {
    let value = call();
    if (value !== null && typeof value === "object" && typeof value.then === "function") {
      value = await value;
    }
    reply.actual = value;
  } catch (error) {
    if (!(error instanceof OutputLimit)) {
      Object.assign(reply, { status: "error", error_type: errorType(error), error: describe(error, typescript) });
    }
  }
  const output = restore();
  if (output.flooded) {
    delete reply.actual;
    Object.assign(reply, { status: "output" });
  }
  return Object.assign(reply, { stdout: output.stdout, stderr: output.stderr });
}

function transpile(source, esbuild) {
  const { spawnSync } = require("child_process");
  const major = process.versions.node.split(".")[0];
  const built = spawnSync(
    esbuild,
    ["--loader=ts", "--format=cjs", "--log-level=error", "--color=false", `--target=node${major}`],
    { input: source, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (built.error) throw built.error;  // no compiler: our fault, not a compile error
  if (built.status !== 0) throw new SyntaxError((built.stderr || "transpiling failed").trim());
  return built.stdout;
}

async function serveFunctions(source, name, limit, typescript) {
  const module = { exports: {} };
  const body = `${source}\n;return typeof ${name} === "function" ? ${name} : undefined;`;
  const load = vm.compileFunction(body, ["require", "module", "exports"], { filename: "solution.js" });
  send({ kind: "compiled", status: "ok" });
  process.exit = (code) => {
    throw new ExitCalled(`process.exit(${code === undefined ? "" : code}) called`);
  };
  let entry;
  const loaded = await captured(() => {
    const local = load(require, module, module.exports);
    entry = [local, module.exports[name], globalThis[name]].find((f) => typeof f === "function");
    if (!entry) throw new ReferenceError(`no function ${name}() is defined`);
    return null;
  }, limit, typescript);
  delete loaded.actual;
  send({ kind: "loaded", ...loaded });
  if (loaded.status !== "ok") return;
  for (let request = receive(); request !== null; request = receive()) {
    const reply = await captured(() => entry(...request.input), limit, typescript);
    if (reply.status === "ok") {
      try {
        reply.actual = JSON.parse(JSON.stringify(reply.actual === undefined ? null : reply.actual) ?? "null");
      } catch (error) {
        delete reply.actual;
        Object.assign(reply, { status: "error", error_type: "TypeError", error: "TypeError: returned a value that is not JSON" });
      }
    }
    send({ kind: "result", i: request.i, ...reply });
  }
}

function servePrograms(file, limit) {
  const { spawnSync } = require("child_process");
  const { constants } = require("os");
  send({ kind: "loaded", status: "ok", stdout: "", stderr: "" });
  for (let request = receive(); request !== null; request = receive()) {
    const child = spawnSync(process.execPath, [file], { input: request.input, maxBuffer: limit });
    const flooded = Boolean(child.error && child.error.code === "ENOBUFS");
    send({
      kind: "result",
      i: request.i,
      status: flooded ? "output" : "ok",
      stdout: String(child.stdout || "").slice(0, limit),
      stderr: String(child.stderr || "").slice(0, limit),
      exit_code: child.status,
      signal: child.signal ? constants.signals[child.signal] : null,
    });
  }
}

async function main() {
  const setup = receive();
  const typescript = setup.language === "typescript";
  let source = fs.readFileSync(setup.source, "utf8");
  try {
    if (typescript) source = transpile(source, setup.esbuild);
    if (setup.mode === "function") {
      await serveFunctions(source, setup.entry_point, setup.max_output, typescript);
      return;
    }
    vm.compileFunction(source, ["exports", "require", "module"], { filename: "solution.js" });
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    send({ kind: "compiled", status: "error", message: typescript ? error.message : describe(error, false) });
    return;
  }
  send({ kind: "compiled", status: "ok" });
  let file = setup.source;
  if (typescript) {
    file = "/tmp/solution.js";
    fs.writeFileSync(file, source);
  }
  servePrograms(file, setup.max_output);
}

main();
