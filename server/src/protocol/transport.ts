// The stdio transport, built here rather than left to createConnection, so that the base
// protocol's framing errors are seen: vscode-jsonrpc reports them on the reader (onError,
// onPartialMessage), and vscode-languageserver's connection drops them without a word. Over
// stdio, a body that is not JSON gets JSON-RPC's parse error reply (-32700, id null: its id cannot
// be read) and a log line; a Content-Length that promises more bytes than come is logged while
// the reader waits. Node IPC (the VS Code client) carries objects, not bytes: nothing to frame.
import { format } from 'node:util';
import {
  ErrorCodes,
  StreamMessageReader,
  StreamMessageWriter,
  type Connection,
  type MessageReader,
  type MessageWriter,
  type ResponseMessage,
} from 'vscode-languageserver/node';

/** How long a message may wait for the rest of its body before the wait is logged (then again each time). */
const PARTIAL_MESSAGE_LOG_MS = 3_000;

export interface StdioTransport {
  reader: MessageReader;
  writer: MessageWriter;
  /** Starts reporting framing errors on `connection`; call once it is created. */
  report(connection: Connection): void;
  /** The client asked for shutdown: closing stdin from now on is a clean exit (code 0). */
  shutdownReceived(): void;
}

/** The stdio transport when the server was started with `--stdio`, else undefined (IPC, sockets: the library's own). */
export function stdioTransport(argv: readonly string[] = process.argv): StdioTransport | undefined {
  if (!argv.includes('--stdio')) return undefined;
  const reader = new StreamMessageReader(process.stdin);
  const writer = new StreamMessageWriter(process.stdout);
  reader.partialMessageTimeout = PARTIAL_MESSAGE_LOG_MS;
  let shutdown = false;
  return {
    reader,
    writer,
    shutdownReceived() {
      shutdown = true;
    },
    report(connection) {
      reader.onError((error) => {
        if (error instanceof SyntaxError) {
          connection.console.error(`[dag-guard] stdio: a message body is not valid JSON (${error.message}); answered with a parse error`);
          const reply: ResponseMessage = {
            jsonrpc: '2.0',
            id: null,
            error: { code: ErrorCodes.ParseError, message: `Parse error: the message body is not valid JSON (${error.message})` },
          };
          void writer.write(reply);
        } else {
          // A header without a usable Content-Length: no body to answer, no id to answer to.
          connection.console.error(`[dag-guard] stdio: malformed message header: ${error.message}`);
        }
      });
      reader.onPartialMessage(({ waitingTime }) => {
        connection.console.error(
          `[dag-guard] stdio: waited ${waitingTime} ms for the rest of a message: its Content-Length header promises more bytes than have come (a wrong Content-Length makes the next messages part of this one)`,
        );
      });
      keepLibraryBehaviour(connection, () => shutdown);
    },
  };
}

/**
 * What createConnection does for `--stdio` and a transport built outside it does not: exit when
 * the client closes stdin, and send console output to the client's log (stdout is the protocol).
 */
function keepLibraryBehaviour(connection: Connection, shutdown: () => boolean): void {
  const exit = () => process.exit(shutdown() ? 0 : 1);
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
  console.log = (...args: unknown[]) => connection.console.log(format(...args));
  console.info = (...args: unknown[]) => connection.console.info(format(...args));
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
}
