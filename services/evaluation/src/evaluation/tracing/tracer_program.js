// The program the sandbox runs for a JavaScript trace (program.py reads it as text): a worker
// thread drives the main thread's inspector, stepping the learner's code statement by statement.
"use strict";
const { Worker, isMainThread, parentPort, workerData } = require("node:worker_threads");

const LEARNER = "learner.js";

if (isMainThread) {
  main();
} else {
  drive(workerData).catch((error) => parentPort.postMessage({ failed: String(error) }));
}

async function main() {
  const [maxFrames, marker] = process.argv.slice(2);
  const request = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
  const ready = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(__filename, {
    workerData: {
      maxFrames: Number(maxFrames),
      ready,
      learnerLines: request.code.split("\n").length,
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
    const exported = vm.runInThisContext(
      `(function () { debugger;\n${request.code}\n;return typeof ${entryName(request)} === "function" ? ${entryName(request)} : undefined;\n})`,
      { filename: LEARNER, lineOffset: -1 },
    )();
    if (request.test_input != null && typeof exported === "function") {
      result = plain(exported(...request.test_input), 0);
    }
  } catch (thrown) {
    error = describe(thrown);
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

function describe(thrown) {
  if (!(thrown instanceof Error)) return `Uncaught ${String(thrown).slice(0, 200)}`;
  const where = /learner\.js:(\d+)/.exec(String(thrown.stack));
  return `${thrown.name}: ${thrown.message}` + (where ? ` (line ${where[1]})` : "");
}

function entryName(request) {
  // The named function, else (with an input to call it on) the last one the code declares.
  const declared = [...request.code.matchAll(/function\s+([A-Za-z_$][\w$]*)\s*\(/g)];
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

async function drive({ maxFrames, ready, learnerLines, marker }) {
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
    const line = top.location.lineNumber + 1;
    if (line < 1 || line > learnerLines) return post("Debugger.stepInto"); // our wrapper's lines
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
