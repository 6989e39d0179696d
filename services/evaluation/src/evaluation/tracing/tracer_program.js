// The program the sandbox runs for a JavaScript or TypeScript trace (program.py reads it as
// text): a worker thread drives the main thread's inspector, stepping the learner's code statement
// by statement. TypeScript is transpiled here, in the sandbox, by the judge's pinned esbuild (its
// path is the last argument); frames' lines go back to the TypeScript through its source map.
"use strict";
const { Worker, isMainThread, parentPort, workerData } = require("node:worker_threads");

const LEARNER = "learner.js";

if (isMainThread) {
  main();
} else {
  drive(workerData).catch((error) => parentPort.postMessage({ failed: String(error) }));
}

async function main() {
  const [maxFrames, marker, esbuild] = process.argv.slice(2);
  const request = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
  const compiled = esbuild ? transpile(request.code, esbuild) : { code: request.code, map: null };
  if (compiled.error) {
    // As a JavaScript syntax error answers: no frames, the error and its line.
    const answer = { frames: [], result: null, error: compiled.error, stdout: "" };
    process.stdout.write(marker + JSON.stringify(answer) + "\n");
    return;
  }
  const code = compiled.code;
  const toLearner = learnerLine(compiled.map); // now: stepping through node's loading crashes V8
  const ready = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(__filename, {
    workerData: {
      maxFrames: Number(maxFrames),
      ready,
      learnerLines: code.split("\n").length,
      sourceMap: compiled.map,
      marker,
    },
  });
  // The main thread must stay free while the worker attaches: the inspector answers on it.
  await new Promise((resolve) => worker.once("message", resolve));
  let answer = null;
  worker.on("message", (message) => {
    answer = message;
  });
  const captured = [];
  const write = (...parts) => captured.push(parts.map(String).join(" ") + "\n");
  console.log = console.info = console.warn = console.error = write;
  let result = null;
  let error = null;
  try {
    const vm = require("node:vm");
    const entry = entryName(code, request);
    const exported = vm.runInThisContext(
      `(function () { debugger;\n${code}\n;return typeof ${entry} === "function" ? ${entry} : undefined;\n})`,
      { filename: LEARNER, lineOffset: -1 },
    )();
    if (request.test_input != null && typeof exported === "function") {
      result = plain(exported(...request.test_input), 0);
    }
  } catch (thrown) {
    Atomics.store(ready, 0, 2); // first: describing the error is no step of the learner's
    error = describe(thrown, toLearner);
  }
  Atomics.store(ready, 0, 2); // done: the worker stops stepping
  worker.postMessage("finish");
  worker.on("exit", () => {
    const trace = answer || { frames: [], failed: "the tracer stopped" };
    process.stdout.write(
      marker +
        JSON.stringify({
          frames: trace.frames,
          result,
          error: error || trace.failed || null,
          stdout: captured.join("").slice(0, 10000),
        }) +
        "\n",
    );
  });
}

function writeAll(text) {
  // stdout is a non-blocking pipe: a write may take only part, or none, of what is left.
  const fs = require("node:fs");
  const bytes = Buffer.from(text);
  let done = 0;
  while (done < bytes.length) {
    try {
      done += fs.writeSync(1, bytes, done);
    } catch (error) {
      if (error.code !== "EAGAIN") throw error;
    }
  }
}

function transpile(source, esbuild) {
  // harness.js's flags and an inline source map, but no --format=cjs: like JavaScript here, the
  // code runs as no module, so `export` is the same syntax error (cjs would add unmapped helpers).
  const { spawnSync } = require("node:child_process");
  const major = process.versions.node.split(".")[0];
  const flags = ["--loader=ts", "--log-level=error", "--color=false", `--target=node${major}`];
  const built = spawnSync(
    esbuild,
    [...flags, "--sourcemap=inline", "--sources-content=false"],
    { input: source, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (built.error) return { error: `the TypeScript compiler could not run: ${built.error.code}` };
  if (built.status !== 0) {
    // esbuild: "✘ [ERROR] Expected ";" but found "y"", then "<stdin>:LINE:COLUMN:".
    const message = /\[ERROR\] (.*)/.exec(built.stderr);
    const where = /<stdin>:(\d+):/.exec(built.stderr);
    const why = message ? message[1].trim() : "transpiling failed";
    return { error: `SyntaxError: ${why}` + (where ? ` (line ${where[1]})` : "") };
  }
  const comment = "//# sourceMappingURL=data:application/json;base64,";
  const at = built.stdout.lastIndexOf(comment);
  const map = JSON.parse(Buffer.from(built.stdout.slice(at + comment.length), "base64").toString());
  return { code: built.stdout.slice(0, at), map };
}

function learnerLine(sourceMap) {
  // The learner's line (1-based) for a 0-based place in the code that runs; null where the
  // compiler's output comes from no line of the learner's (its helpers).
  if (!sourceMap) return (line) => line + 1;
  const map = new (require("node:module").SourceMap)(sourceMap);
  return (line, column) => {
    const entry = map.findEntry(line, column);
    return entry.originalLine === undefined ? null : entry.originalLine + 1;
  };
}

function describe(thrown, toLearner) {
  if (!(thrown instanceof Error)) return `Uncaught ${String(thrown).slice(0, 200)}`;
  const where = /learner\.js:(\d+)(?::(\d+))?/.exec(String(thrown.stack));
  const line = where && toLearner(Number(where[1]) - 1, Number(where[2] || 1) - 1);
  return `${thrown.name}: ${thrown.message}` + (line ? ` (line ${line})` : "");
}

function entryName(code, request) {
  // The named function, else (with an input to call it on) the last one the code declares.
  const declared = [...code.matchAll(/function\s+([A-Za-z_$][\w$]*)\s*\(/g)];
  const fallback = request.test_input != null && declared.length ? declared.at(-1)[1] : "";
  const name = request.entry_point || fallback;
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : "undefined";
}

function plain(value, depth) {
  const MAX_ITEMS = 50; // repeated here: this function is also sent to the inspector as text
  if (value === null || ["number", "boolean"].includes(typeof value)) return value;
  if (typeof value === "string") return value.slice(0, 200);
  if (value === undefined) return null;
  if (depth < 2 && Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((v) => plain(v, depth + 1));
  if (depth < 2 && value instanceof Set) return [...value].slice(0, MAX_ITEMS).map((v) => plain(v, depth + 1));
  if (depth < 2 && value instanceof Map) {
    return Object.fromEntries([...value].slice(0, MAX_ITEMS).map(([k, v]) => [String(k).slice(0, 50), plain(v, depth + 1)]));
  }
  if (depth < 2 && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).slice(0, MAX_ITEMS).map(([k, v]) => [k.slice(0, 50), plain(v, depth + 1)]));
  }
  return String(value).slice(0, 100);
}

async function drive({ maxFrames, ready, learnerLines, sourceMap, marker }) {
  const toLearner = learnerLine(sourceMap);
  const inspector = require("node:inspector");
  const session = new inspector.Session();
  session.connectToMainThread();
  const post = (method, params = {}) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))),
    );
  const frames = [];
  // Listening keeps this thread alive while it waits on the inspector's answers.
  parentPort.on("message", () => {
    parentPort.postMessage({ frames });
    session.disconnect();
    parentPort.close();
  });
  const learnerScripts = new Set();
  session.on("Debugger.scriptParsed", ({ params }) => {
    if (params.url === LEARNER) learnerScripts.add(params.scriptId);
  });
  session.on("Debugger.paused", ({ params }) => {
    step(params).catch((error) => {
      parentPort.postMessage({ frames, failed: `the tracer failed: ${error}` });
      post("Debugger.resume").catch(() => {});
    });
  });
  async function step({ callFrames }) {
    if (Atomics.load(ready, 0) === 2) return post("Debugger.resume");
    const top = callFrames[0];
    const inLearner = (frame) => learnerScripts.has(frame.location.scriptId);
    if (!inLearner(top)) {
      // Node's own code: back out to the learner's, or on towards it.
      return post(callFrames.some(inLearner) ? "Debugger.stepOut" : "Debugger.stepInto");
    }
    const { lineNumber, columnNumber } = top.location;
    const inCode = lineNumber >= 0 && lineNumber < learnerLines; // not our wrapper's lines
    const line = inCode ? toLearner(lineNumber, columnNumber) : null;
    if (line === null) return post("Debugger.stepInto");
    if (frames.length >= maxFrames) {
      // The learner's code may never end: answer from here, then end the whole process.
      const error = `trace stopped after ${maxFrames} steps`;
      writeAll(`${marker}${JSON.stringify({ frames, result: null, error })}\n`);
      process.kill(process.pid, "SIGKILL");
    }
    frames.push({
      iter: frames.length,
      line,
      function: top.functionName || "<module>",
      vars: await variables(top),
    });
    return post("Debugger.stepInto");
  }
  async function variables(frame) {
    const vars = {};
    for (const scope of frame.scopeChain) {
      if (!["local", "block", "closure"].includes(scope.type)) continue;
      const { result } = await post("Runtime.getProperties", {
        objectId: scope.object.objectId,
        ownProperties: true,
      });
      for (const property of result) {
        if (property.name in vars || !property.value) continue;
        const value = property.value;
        if (value.type === "function") continue;
        if (value.type === "object" && value.objectId) {
          const copied = await post("Runtime.callFunctionOn", {
            objectId: value.objectId,
            functionDeclaration: `function () { return (${plain.toString()})(this, 0); }`,
            returnByValue: true,
            silent: true,
          }).catch(() => null);
          const ok = copied && !copied.exceptionDetails;
          vars[property.name] = ok ? copied.result.value : value.description;
        } else if (value.type === "undefined") {
          continue;
        } else {
          vars[property.name] = value.value !== undefined ? value.value : value.description;
        }
      }
    }
    return vars;
  }
  await post("Debugger.enable");
  parentPort.postMessage("ready");
}
