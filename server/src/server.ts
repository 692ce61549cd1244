// dist/server.js: the language server. Editors start it with `--stdio` (Neovim, Emacs, Helix) or
// over Node IPC (the VS Code client); vscode-languageserver picks the transport from argv.
import { startServer } from './protocol/server';

startServer();
