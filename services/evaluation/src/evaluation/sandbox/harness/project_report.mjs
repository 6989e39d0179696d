// Runs inside the sandbox: reports a debug lab's Node tests to the host on a channel of its own.
//
// Loaded by URL, `project_report.mjs?nonce=FD&report=FD`, as a `--test-reporter` and through
// `--import`, so that it is in place before any of the project's code. The host writes a nonce on
// the nonce fd; it is read once, here, and every record sent on the report fd carries it, so
// nothing the project prints counts. Records: `started`; `summary`, counted from the runner's own
// events; `finished`, saying whether the process came to its own end (`by_itself` is false when
// code other than the main script called process.exit).
//
// The test files node --test starts (NODE_TEST_CONTEXT is set in them) load it too, through
// `--import`, but report nothing: there it only makes process.exit() from code other than the
// test file fail that file, since node 20 takes a file that exits 0 midway as passed.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const query = new URL(import.meta.url).searchParams;
const reportFd = Number(query.get('report'));
const inTestFile = Boolean(process.env.NODE_TEST_CONTEXT); // its fds are not ours: never read
const nonce = inTestFile ? '' : readNonce(Number(query.get('nonce')));
let exitedElsewhere = false;

function readNonce(fd) {
  // node --test loads its reporters before it starts any test file.
  try {
    const buffer = Buffer.alloc(128);
    const read = fs.readSync(fd, buffer);
    fs.closeSync(fd);
    return buffer.subarray(0, read).toString('ascii').trim();
  } catch {
    return '';
  }
}

function send(record) {
  if (nonce) fs.writeSync(reportFd, `${JSON.stringify({ nonce, ...record })}\n`);
}

function callerFile() {
  const saved = Error.prepareStackTrace;
  Error.prepareStackTrace = (_, frames) => frames;
  const frames = new Error().stack;
  Error.prepareStackTrace = saved;
  const name = frames[2]?.getFileName() ?? '';
  return name.startsWith('file:') ? fileURLToPath(name) : name;
}

const exit = process.exit;
process.exit = function (code) {
  if (callerFile() === (process.argv[1] ?? '')) return exit.call(process, code);
  exitedElsewhere = true;
  if (!inTestFile) return exit.call(process, code);
  fs.writeSync(2, 'process.exit() called by the code under test: this test file fails\n');
  return exit.call(process, 1);
};
process.on('exit', () => send({ event: 'finished', by_itself: !exitedElsewhere }));
send({ event: 'started' });

export default async function* report(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.data.skip || event.data.todo) skipped += 1;
    else if (event.type === 'test:pass') passed += 1;
    else failed += 1; // failures and cancelled tests alike
  }
  send({ event: 'summary', passed, failed, skipped });
}
