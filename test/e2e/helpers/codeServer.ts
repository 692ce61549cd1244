// Starts code-server (VS Code in a browser) with the packaged VSIX installed, on a free port, with
// every folder it writes to in a fresh temp folder. Installed by test/e2e/setup.sh.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export const ROOT = path.join(__dirname, '..', '..', '..');
export const CODE_SERVER_VERSION = '4.100.3';
const ENTRY = path.join(ROOT, '.e2e', `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const VERSION = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
export const VSIX = path.join(ROOT, `dag-guard-${VERSION}.vsix`);

/** User settings that keep the workbench quiet: no welcome page, trust prompt, telemetry or update checks. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.reduceMotion': 'on', // no fade-ins: screenshots show hovers fully drawn
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'files.autoSave': 'off',
  'editor.hover.delay': 100,
  'editor.minimap.enabled': false,
  'window.restoreWindows': 'none',
};

export interface CodeServer {
  url: string;
  /** The workspace folder: a copy of test/e2e/workspace that the test may change. */
  workspace: string;
  /** Everything code-server printed, for failure reports. */
  output: string[];
  stop(): Promise<void>;
}

/** `alterExtension` changes the installed extension's folder before code-server starts (a broken install). */
export async function startCodeServer(fixture: string, options: { alterExtension?: (folder: string) => void } = {}): Promise<CodeServer> {
  if (!existsSync(ENTRY)) throw new Error(`code-server is not installed (${ENTRY}); run: bash test/e2e/setup.sh`);
  if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing; run: npm run package`);
  const base = mkdtempSync(path.join(os.tmpdir(), 'dag-guard-e2e-'));
  const dirs = Object.fromEntries(
    ['user-data', 'extensions', 'config', 'data', 'cache', 'workspace'].map((name) => [name, path.join(base, name)]),
  );
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  cpSync(fixture, dirs.workspace, { recursive: true });
  mkdirSync(path.join(dirs['user-data'], 'User'), { recursive: true });
  writeFileSync(path.join(dirs['user-data'], 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const env = { ...process.env, XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.data, XDG_CACHE_HOME: dirs.cache };

  await promisify(execFile)(process.execPath, [ENTRY, '--extensions-dir', dirs.extensions, '--install-extension', VSIX], { env });
  if (options.alterExtension) {
    const installed = readdirSync(dirs.extensions).find((name) => name.startsWith('dag-guard.dag-guard-'));
    if (!installed) throw new Error(`the VSIX was not installed into ${dirs.extensions}`);
    options.alterExtension(path.join(dirs.extensions, installed));
  }

  const child = spawn(
    process.execPath,
    [
      ENTRY,
      '--auth',
      'none',
      '--bind-addr',
      '127.0.0.1:0',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir',
      dirs['user-data'],
      '--extensions-dir',
      dirs.extensions,
      dirs.workspace,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${output.join('')}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output.push(String(chunk));
      const match = /HTTP server listening on (http:\/\/\S+?)\/?\s/.exec(output.join(''));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`code-server exited with ${code}:\n${output.join('')}`)));
  });
  return {
    url,
    workspace: dirs.workspace,
    output,
    stop: () => stopProcess(child).then(() => rmSync(base, { recursive: true, force: true })),
  };
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
