// python3's own parser (ast.parse) as a judge of the texts tests produce, from one python3 process
// per test process instead of one per check: started at the first question, it reads a JSON list
// of texts per line on stdin and answers each line with python3's verdicts; it ends when the test
// process exits (its stdin closes). Questions stay synchronous, as spawnSync was: a worker thread
// talks to python3 while this thread waits for its answer on an Atomics signal.
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** Per line on stdin, a JSON list of texts; per line on stdout, {verdicts} (null: parses) or {failure}. */
const PYTHON = String.raw`
import ast, json, sys
while True:
    line = sys.stdin.buffer.readline()
    if not line:
        break
    try:
        verdicts = []
        for text in json.loads(line):
            try:
                ast.parse(text)
                verdicts.append(None)
            except SyntaxError as error:
                verdicts.append(f"{error.msg} at line {error.lineno}")
        answer = {"verdicts": verdicts}
    except Exception as error:
        answer = {"failure": repr(error)}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
`;

/** The worker: keeps one python3 running, passes each question to it and posts back its answer. */
const WORKER = String.raw`
const { workerData } = require('node:worker_threads');
const { spawn } = require('node:child_process');
const { port, signal, script } = workerData;
let python;
let waiting = false;
function answer(message) {
  if (!waiting) return;
  waiting = false;
  port.postMessage(message);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}
function start() {
  const child = spawn('python3', ['-c', script], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const gone = (why) => {
    if (python === child) python = undefined;
    answer({ failure: why + (stderr ? ': ' + stderr : '') });
  };
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    for (let end = stdout.indexOf('\n'); end >= 0; end = stdout.indexOf('\n')) {
      const line = stdout.slice(0, end);
      stdout = stdout.slice(end + 1);
      try {
        answer(JSON.parse(line));
      } catch {
        answer({ failure: 'python3 answered ' + JSON.stringify(line) });
      }
    }
  });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  child.stdin.on('error', () => {});
  child.on('error', (error) => gone('python3 did not start (' + error.message + ')'));
  child.on('exit', (code, sig) => gone('python3 exited (' + (sig ?? code) + ')'));
  return child;
}
port.on('message', (texts) => {
  waiting = true;
  python ??= start();
  python.stdin.write(JSON.stringify(texts) + '\n');
});
`;

/** How long one question may take; python3 parses a file in milliseconds, but the machine may be busy. */
const TIMEOUT_MS = 120_000;

let checker: { port: MessagePort; signal: Int32Array } | undefined;

function startChecker(): { port: MessagePort; signal: Int32Array } {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER, { eval: true, workerData: { port: port2, signal, script: PYTHON }, transferList: [port2] });
  // Neither the worker nor python3 keeps the test process alive; both end with it.
  worker.unref();
  port1.unref();
  return { port: port1, signal };
}

/** For each text, null when python3's ast.parse accepts it, else its error ("msg at line N"). */
export function pythonSyntaxErrors(texts: string[]): Array<string | null> {
  checker ??= startChecker();
  Atomics.store(checker.signal, 0, 0);
  checker.port.postMessage(texts);
  if (Atomics.wait(checker.signal, 0, 0, TIMEOUT_MS) === 'timed-out') throw new Error(`python3 gave no answer in ${TIMEOUT_MS / 1000} s`);
  const reply = receiveMessageOnPort(checker.port)?.message as { verdicts?: Array<string | null>; failure?: string } | undefined;
  if (!reply?.verdicts) throw new Error(`python3 could not check the texts: ${reply?.failure ?? 'no answer'}`);
  return reply.verdicts;
}
