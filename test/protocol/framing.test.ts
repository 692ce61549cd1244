// The base protocol's edges, over raw stdio bytes: a body that is not JSON gets JSON-RPC's parse
// error reply (-32700, id null) and a log line, and the server goes on serving; a Content-Length
// that promises more bytes than come is logged rather than waited on in silence.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { SERVER } from '../helpers/lspClient';

interface Message {
  id?: number | string | null;
  method?: string;
  params?: { message?: string };
  result?: unknown;
  error?: { code: number; message: string };
}

/** The server over raw stdio: bytes in, framed messages out. */
class RawServer {
  readonly messages: Message[] = [];
  private buffer = Buffer.alloc(0);
  readonly process: ChildProcessWithoutNullStreams;

  constructor() {
    this.process = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe' });
    this.process.stdout.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const headerEnd = this.buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
        if (this.buffer.length < headerEnd + 4 + length) return;
        this.messages.push(JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString()));
        this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      }
    });
  }

  /** Writes `body` framed with `length` (its true byte length unless given). */
  send(body: string, length = Buffer.byteLength(body)): void {
    this.process.stdin.write(`Content-Length: ${length}\r\n\r\n${body}`);
  }

  request(id: number, method: string, params: unknown): void {
    this.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
  }

  waitFor(predicate: (message: Message) => boolean, timeoutMs = 10_000): Promise<Message> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const poll = () => {
        const found = this.messages.find(predicate);
        if (found) resolve(found);
        else if (Date.now() - started > timeoutMs)
          reject(
            new Error(
              `no such message within ${timeoutMs} ms; got:\n${this.messages.map((message) => JSON.stringify(message)).join('\n')}`,
            ),
          );
        else setTimeout(poll, 20);
      };
      poll();
    });
  }

  logged(pattern: RegExp): (message: Message) => boolean {
    return (message) => message.method === 'window/logMessage' && pattern.test(message.params?.message ?? '');
  }
}

describe('base protocol edges over stdio', () => {
  let server: RawServer;
  before(() => {
    server = new RawServer();
    server.request(1, 'initialize', { processId: null, rootUri: null, capabilities: {} });
  });
  after(() => {
    server.process.kill();
  });

  it('answers a body that is not JSON with a parse error, logs it, and goes on', async () => {
    await server.waitFor((message) => message.id === 1);
    server.send('{"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {');
    const reply = await server.waitFor((message) => message.error?.code === -32700);
    assert.equal(reply.id, null);
    assert.match(reply.error!.message, /not valid JSON/);
    await server.waitFor(server.logged(/not valid JSON/));
    server.request(3, 'shutdown', null);
    assert.deepEqual(await server.waitFor((message) => message.id === 3), { jsonrpc: '2.0', id: 3, result: null });
  });

  it('answers and logs a Content-Length shorter than its body, and logs what it then cannot read', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'shutdown', params: null });
    const before = server.messages.filter((message) => message.error?.code === -32700).length;
    server.send(body, 20);
    server.request(5, 'shutdown', null);
    await server.waitFor(() => server.messages.filter((message) => message.error?.code === -32700).length > before);
    // The rest of the body and the next header read as one header: it has no Content-Length.
    await server.waitFor(server.logged(/malformed message header: Header must provide a Content-Length/));
  });

  it('logs a Content-Length that promises more bytes than come', async () => {
    // A server of its own: the one above can no longer find where messages start.
    const waiting = new RawServer();
    after(() => waiting.process.kill());
    waiting.request(1, 'initialize', { processId: null, rootUri: null, capabilities: {} });
    await waiting.waitFor((message) => message.id === 1);
    waiting.send('{"jsonrpc": "2.0", "method": "initialized", "params": {}}', 500);
    const line = await waiting.waitFor(waiting.logged(/Content-Length/), 8_000);
    assert.match(
      line.params!.message!,
      /waited \d+ ms for the rest of a message: its Content-Length header promises more bytes than have come/,
    );
  });
});
