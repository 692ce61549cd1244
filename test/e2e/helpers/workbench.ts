// Drives the VS Code workbench (code-server) in Debian's Chromium with playwright-core, the way a
// user does: keyboard shortcuts, the quick-fix menu, the Problems panel. Every wait is on what the
// workbench shows (a selector, the status bar, a tab's dirty mark), never a fixed sleep.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import assert from 'node:assert/strict';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** How long one thing may take to show. Generous: a cold server on two shared cores. */
export const TIMEOUT = 60_000;

export class Workbench {
  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    private readonly profile: string,
    readonly artefacts: string,
  ) {}

  static async open(url: string, artefacts: string): Promise<Workbench> {
    mkdirSync(artefacts, { recursive: true });
    const profile = mkdtempSync(path.join(os.tmpdir(), 'dag-guard-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 900 },
    });
    context.setDefaultTimeout(TIMEOUT);
    const page = context.pages()[0] ?? (await context.newPage());
    const bench = new Workbench(page, context, profile, artefacts);
    try {
      await page.goto(url);
      await page.locator('.monaco-workbench .part.editor').waitFor();
      // The explorer lists the workspace once the remote file system answers.
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
    } catch (error) {
      const shot = await bench.screenshot('00-workbench-FAILED').catch((reason) => `(no screenshot: ${reason})`);
      await bench.close();
      throw new Error(`the workbench did not load at ${url}; screenshot: ${shot}`, { cause: error });
    }
    return bench;
  }

  async close(): Promise<void> {
    await this.context.close();
    rmSync(this.profile, { recursive: true, force: true });
  }

  /** Quick Open (Ctrl+P), type the path, Enter; waits for the file's tab and its editor. */
  async openFile(relativePath: string): Promise<void> {
    const name = path.basename(relativePath);
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(relativePath);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor();
    await this.page.locator('.editor-instance .monaco-editor.focused').waitFor();
  }

  /** Clicks the tab of an open editor (`name`: its file name) and waits for its editor to have focus. */
  async activateTab(name: string): Promise<void> {
    await this.page.locator(`.tabs-container .tab[data-resource-name="${name}"]`).first().click();
    await this.page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).first().waitFor();
    await this.focusEditor();
  }

  /** Moves the cursor with Go to Line (Ctrl+G, "line:column", 1-based); waits for the status bar to agree. */
  async goTo(line: number, column: number): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`:${line}:${column}`); // Go to Line is Quick Open with the ':' prefix
    // Go to Line previews the position while it is still open, so the status bar can agree before
    // the Enter was taken (a slow machine: Enter lands before the ':' picker has read the input).
    // Wait for the picker to close, pressing Enter again if it ignored the first one; otherwise the
    // next shortcut goes to the picker, not to the editor.
    await this.until(this.page.locator('.quick-input-widget'), 'hidden', () => this.page.keyboard.press('Enter'));
    await this.page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).waitFor();
    await this.focusEditor();
  }

  /** Does `act` until `target` reaches `state`, a few seconds apart (for keys a busy workbench may drop). */
  private async until(target: Locator, state: 'hidden' | 'detached', act: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await act();
      try {
        await target.waitFor({ state, timeout: attempt < 4 ? 5_000 : TIMEOUT });
        return;
      } catch (error) {
        if (attempt >= 4) throw error;
      }
    }
  }

  /** Shows the hover at the cursor (Ctrl+K Ctrl+I, "Show or Focus Hover") and returns its text once it contains `expected`. */
  async hoverAtCursor(expected: string | RegExp): Promise<string> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+I');
    const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden)', { hasText: expected }).first();
    try {
      await hover.waitFor({ timeout: TIMEOUT / 2 });
    } catch (error) {
      throw new Error(`no hover containing ${expected}; the hover showed: ${JSON.stringify(await this.visibleHoverText())}`, {
        cause: error,
      });
    }
    return hover.innerText();
  }

  /**
   * Moves the mouse onto the `index`-th warning squiggle from the top of the editor and returns
   * the hover's text once it contains `expected`: what a user does to read a finding.
   */
  async hoverSquiggle(index: number, expected: string | RegExp): Promise<string> {
    const squiggles = this.page.locator('.editor-instance .monaco-editor .view-overlays .squiggly-warning');
    const boxes = [];
    for (let i = 0; i < (await squiggles.count()); i++) {
      const box = await squiggles.nth(i).boundingBox();
      if (box) boxes.push(box);
    }
    boxes.sort((a, b) => a.y - b.y || a.x - b.x);
    const box = boxes[index];
    assert.ok(box, `no squiggle number ${index}: the editor shows ${boxes.length}`);
    await this.page.mouse.move(box.x + Math.min(box.width / 2, 20), box.y + box.height / 2);
    const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden)', { hasText: expected }).first();
    try {
      await hover.waitFor({ timeout: TIMEOUT / 2 });
    } catch (error) {
      throw new Error(`no hover containing ${expected}; the hover showed: ${JSON.stringify(await this.visibleHoverText())}`, {
        cause: error,
      });
    }
    return hover.innerText();
  }

  /** Closes the hover a previous step left open (its screenshot shows it); no-op without one. */
  async dismissHover(): Promise<void> {
    if ((await this.page.locator('.monaco-editor .monaco-hover:not(.hidden)').count()) === 0) return;
    await this.page.mouse.move(1, 1);
    await this.page.keyboard.press('Escape');
    await this.page.locator('.monaco-editor .monaco-hover:not(.hidden)').waitFor({ state: 'hidden' });
  }

  private async visibleHoverText(): Promise<string> {
    const hovers = this.page.locator('.monaco-editor .monaco-hover:not(.hidden)');
    return (await hovers.allInnerTexts()).join('\n---\n');
  }

  /** Waits until the active editor shows exactly `count` warning squiggles. */
  async waitForSquiggles(count: number): Promise<void> {
    try {
      await this.page.waitForFunction(
        // Runs in the page; tsconfig has no DOM lib, hence the cast.
        (expected) =>
          (globalThis as any).document.querySelectorAll('.editor-instance .monaco-editor .view-overlays .squiggly-warning').length ===
          expected,
        count,
        { timeout: TIMEOUT },
      );
    } catch (error) {
      const shown = await this.page.locator('.editor-instance .monaco-editor .view-overlays .squiggly-warning').count();
      throw new Error(`expected ${count} warning squiggles, the editor shows ${shown}`, { cause: error });
    }
  }

  /** Waits for a code lens in the active editor whose text contains `expected`; returns the lenses shown. */
  async waitForCodeLens(expected: string): Promise<string[]> {
    // VS Code 1.100 draws the lenses of an editor opened while another part had focus (here the
    // Problems panel) only once the editor gets focus, as a user's click gives it.
    await this.focusEditor();
    const lenses = this.page.locator('.editor-instance .monaco-editor .codelens-decoration');
    try {
      await lenses.filter({ hasText: expected }).first().waitFor();
    } catch (error) {
      throw new Error(
        `no code lens containing ${JSON.stringify(expected)}; the editor shows: ${JSON.stringify(await lenses.allInnerTexts())}`,
        { cause: error },
      );
    }
    return lenses.allInnerTexts();
  }

  /**
   * Opens the language status hover (the `{}` entry of the status bar, as a user clicks it) and
   * waits until its items show each of `expected`; returns the items' text. The items follow the
   * server's reports, so the hover is opened again until they agree or the time is up.
   */
  async languageStatus(expected: Array<string | RegExp>): Promise<string> {
    const entry = this.page.locator('[id="status.languageStatus"]');
    const items = this.page.locator('.hover-language-status');
    const started = Date.now();
    for (;;) {
      await entry.click();
      await items.first().waitFor();
      const shown = async () => (await items.allInnerTexts()).map((item) => item.replace(/\s*\n\s*/g, '  ')).join('\n');
      try {
        for (const want of expected) await items.filter({ hasText: want }).first().waitFor({ timeout: 5_000 });
        const text = await shown();
        await this.screenshot('language-status');
        await this.page.keyboard.press('Escape');
        return text;
      } catch (error) {
        const text = await shown();
        await this.page.keyboard.press('Escape');
        await items.first().waitFor({ state: 'detached' });
        if (Date.now() - started > TIMEOUT)
          throw new Error(`the language status lacks one of ${expected.map(String).join(', ')}; it shows:\n${text}`, { cause: error });
      }
    }
  }

  /** Clicks the code lens whose text contains `lens`; waits for the editor tab it opens (`tab`) and returns that editor's text. */
  async clickCodeLens(lens: string, tab: string): Promise<string> {
    await this.focusEditor();
    await this.page.locator('.editor-instance .monaco-editor .codelens-decoration a', { hasText: lens }).first().click();
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${tab}"]`).waitFor();
    const editor = this.page.locator('.editor-group-container.active .monaco-editor .view-lines');
    await editor.waitFor();
    return editor.innerText();
  }

  /**
   * Opens the notification center (the bell in the status bar) and waits for an entry matching
   * `expected`; returns every notification there, with its buttons. The center holds the toasts
   * too, including any the workbench did not pop up.
   */
  async notifications(expected: string | RegExp): Promise<Array<{ text: string; buttons: string[] }>> {
    const items = this.page.locator('.notifications-center .notification-list-item');
    if (!(await this.page.locator('.notifications-center.visible').isVisible()))
      await this.page.locator('[id="status.notifications"]').click();
    await items.filter({ hasText: expected }).first().waitFor();
    const shown: Array<{ text: string; buttons: string[] }> = [];
    for (const item of await items.all()) {
      shown.push({
        text: (await item.locator('.notification-list-item-message').innerText()).trim(),
        buttons: (await item.locator('.notification-list-item-buttons-container .monaco-button').allInnerTexts()).map((button) =>
          button.trim(),
        ),
      });
    }
    return shown;
  }

  /**
   * Waits for the active tab to be VS Code's markdown preview of `file` ("Preview DG106.md") and
   * returns the text the preview shows (a webview: an iframe holding the rendered page's iframe).
   */
  async markdownPreview(file: string, expected: string | RegExp): Promise<string> {
    await this.page.locator(`.tabs-container .tab.active[aria-label^="Preview ${file}"]`).waitFor();
    const body = this.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame').locator('body');
    await body.filter({ hasText: expected }).waitFor();
    return body.innerText();
  }

  /** Closes the markdown preview of `file` (Ctrl+W on its tab). */
  async closePreview(file: string): Promise<void> {
    const tab = this.page.locator(`.tabs-container .tab[aria-label^="Preview ${file}"]`);
    await tab.click();
    await this.page.keyboard.press('Control+W');
    await tab.waitFor({ state: 'detached' });
  }

  /** Whether a modal dialog is open. */
  async dialogShown(): Promise<boolean> {
    return (await this.page.locator('.monaco-dialog-box').count()) > 0;
  }

  /** Closes the editor of the active tab named `name` (Ctrl+W); its editor group goes with it when emptied. */
  async closeEditor(name: string): Promise<void> {
    const tab = this.page.locator(`.tabs-container .tab[data-resource-name="${name}"]`);
    await tab.click();
    await this.page.keyboard.press('Control+W');
    await tab.waitFor({ state: 'detached' });
  }

  /**
   * Opens the Problems panel (Ctrl+Shift+M) and waits until one reading of its rows matches every
   * one of `shown` and none of `gone`; returns that reading. One reading, not a wait per row: the
   * panel re-renders while diagnostics arrive (another file's entries, a re-sorted tree), so rows
   * seen one by one may be gone when the text is read afterwards, and a row missing for a moment
   * is not a row removed (callers with `gone` name in `shown` a row that stays, which a re-render
   * would drop too).
   */
  async waitForProblems(shown: Array<string | RegExp>, gone: Array<string | RegExp> = []): Promise<string> {
    await this.showProblems();
    const pattern = (text: string | RegExp) =>
      typeof text === 'string' ? { text, source: '', flags: '' } : { text: '', source: text.source, flags: text.flags };
    try {
      const reading = await this.page.waitForFunction(
        ({ want, avoid }) => {
          // Runs in the page; tsconfig has no DOM lib, hence the cast.
          const rows: any[] = Array.from((globalThis as any).document.querySelectorAll('.markers-panel .monaco-list-row'));
          const text = rows.map((row) => String(row.innerText).replace(/\s*\n\s*/g, '  ')).join('\n');
          // No named inner function: tsx (esbuild's keepNames) would wrap it in a helper the page lacks.
          const found = [...want, ...avoid].map((w) => (w.source ? new RegExp(w.source, w.flags).test(text) : text.includes(w.text)));
          // An object, truthy even when the panel is empty.
          return found.every((hit, i) => hit === i < want.length) && { text };
        },
        { want: shown.map(pattern), avoid: gone.map(pattern) },
        { timeout: TIMEOUT },
      );
      return ((await reading.jsonValue()) as { text: string }).text;
    } catch (error) {
      const shows = await this.problemsText().catch(() => '(unreadable)');
      const wanted = [...shown.map((row) => `${row}`), ...gone.map((row) => `no ${row}`)].join(', ');
      throw new Error(`the Problems panel never showed ${wanted} at once; it shows:\n${shows}`, { cause: error });
    }
  }

  /** The Problems panel's rows as text ("" when the panel is not open). For failure reports too. */
  async problemsText(): Promise<string> {
    const rows = await this.page.locator('.markers-panel .monaco-list-row').allInnerTexts();
    return rows.map((row) => row.replace(/\s*\n\s*/g, '  ')).join('\n');
  }

  private async showProblems(): Promise<void> {
    if (await this.page.locator('.markers-panel').isVisible()) return;
    await this.page.keyboard.press('Control+Shift+M');
    await this.page.locator('.markers-panel').waitFor();
  }

  /**
   * Applies a quick fix with the keyboard: Ctrl+. opens the menu, arrow keys walk to the entry
   * whose title matches, Enter applies it (a click is intercepted by an overlay in the workbench).
   * Returns the menu's titles; `menuScreenshot` names a screenshot of the open menu.
   */
  async applyQuickFix(title: string | RegExp, menuScreenshot?: string): Promise<string[]> {
    return this.pickAction('Ctrl+.', () => this.page.keyboard.press('Control+.'), title, menuScreenshot);
  }

  /**
   * Applies a source action the way a user finds one: the command palette's "Source Action...",
   * then the arrow keys and Enter in its menu. Returns the menu's titles.
   */
  async applySourceAction(title: string | RegExp, menuScreenshot?: string): Promise<string[]> {
    return this.pickAction(
      '"Source Action..."',
      async () => {
        await this.page.keyboard.press('Control+Shift+P');
        const input = this.page.locator('.quick-input-widget input');
        await input.waitFor();
        await input.fill('>Source Action...');
        await this.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Source Action...' }).first().waitFor();
        await this.until(this.page.locator('.quick-input-widget'), 'hidden', () => this.page.keyboard.press('Enter'));
      },
      title,
      menuScreenshot,
    );
  }

  private async pickAction(how: string, open: () => Promise<void>, title: string | RegExp, menuScreenshot?: string): Promise<string[]> {
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    // A user whose Ctrl+. shows nothing presses it again; so does this, with the editor focused,
    // and reports what the editor said instead ("No code actions available") if it never opens.
    for (let attempt = 1; ; attempt++) {
      await this.focusEditor();
      await open();
      try {
        await rows.first().waitFor({ timeout: attempt < 3 ? 15_000 : TIMEOUT });
        break;
      } catch (error) {
        const said = await this.page
          .locator('.monaco-editor-overlaymessage')
          .allInnerTexts()
          .catch(() => []);
        if (attempt >= 3)
          throw new Error(`${how} opened no menu after ${attempt} tries; the editor said: ${JSON.stringify(said)}`, { cause: error });
        await this.page.keyboard.press('Escape');
      }
    }
    if (menuScreenshot) await this.screenshot(menuScreenshot);
    const titles = (await rows.allInnerTexts()).map((text) => text.trim());
    const matches = (text: string) => (typeof title === 'string' ? text.includes(title) : title.test(text));
    if (!titles.some(matches)) {
      await this.page.keyboard.press('Escape');
      throw new Error(`no quick fix ${title}; the menu offered: ${JSON.stringify(titles)}`);
    }
    for (let step = 0; step <= titles.length; step++) {
      const focused = (await this.page.locator('.action-widget .monaco-list-row.action.focused').innerText()).trim();
      if (matches(focused)) {
        await this.page.keyboard.press('Enter');
        await this.page.locator('.action-widget').waitFor({ state: 'hidden' });
        return titles;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`could not reach the quick fix ${title} with the arrow keys; the menu offered: ${JSON.stringify(titles)}`);
  }

  /**
   * Types `text` at the cursor and presses Ctrl+. at once, once (issue 15: the menu said "No code
   * actions available" right after an edit): the titles of the menu that opens, or an error with
   * what the editor said instead. Closes the menu without applying anything.
   */
  async quickFixTitlesRightAfterTyping(text: string): Promise<string[]> {
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    await this.focusEditor();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Control+.');
    try {
      await rows.first().waitFor({ timeout: 20_000 });
    } catch (error) {
      const said = await this.page
        .locator('.monaco-editor-overlaymessage')
        .allInnerTexts()
        .catch(() => []);
      throw new Error(`Ctrl+. right after typing opened no menu; the editor said: ${JSON.stringify(said)}`, { cause: error });
    }
    await this.screenshot('quick-fix-right-after-typing');
    const titles = (await rows.allInnerTexts()).map((title) => title.trim());
    await this.page.keyboard.press('Escape');
    await this.page.locator('.action-widget').waitFor({ state: 'hidden' });
    return titles;
  }

  /** Ctrl+Z in the editor; waits until the active tab has no unsaved mark (back to the saved text). */
  async undo(): Promise<void> {
    await this.focusEditor();
    await this.until(this.page.locator('.tabs-container .tab.active.dirty'), 'detached', () => this.page.keyboard.press('Control+Z'));
  }

  /** Ctrl+S; waits for the active tab to lose its unsaved mark. */
  async save(): Promise<void> {
    await this.focusEditor();
    await this.page.locator('.tabs-container .tab.active.dirty').waitFor();
    await this.until(this.page.locator('.tabs-container .tab.active.dirty'), 'detached', () => this.page.keyboard.press('Control+S'));
  }

  /**
   * Shows a view by its name (the palette's "Focus on <name> View") and returns its rows' text,
   * one string per row, once `rows` rows whose text matches each of `expected`, in order, show.
   */
  async viewRows(name: string, expected: Array<string | RegExp>): Promise<string[]> {
    await this.page.keyboard.press('Control+Shift+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>Focus on ${name} View`);
    await this.page
      .locator('.quick-input-list .monaco-list-row', { hasText: `Focus on ${name} View` })
      .first()
      .waitFor();
    await this.until(this.page.locator('.quick-input-widget'), 'hidden', () => this.page.keyboard.press('Enter'));
    const pane = this.page.locator('.pane', { has: this.page.locator(`.pane-header[aria-label^="${name}"]`) });
    const rows = pane.locator('.monaco-list-row');
    for (const [index, text] of expected.entries()) await rows.nth(index).filter({ hasText: text }).waitFor();
    return (await rows.allInnerTexts()).map((row) => row.replace(/\s*\n\s*/g, '  '));
  }

  /** Clicks the row of view `name` that contains `text`; waits for the editor of `tab` (a file name) to be active. */
  async clickViewRow(name: string, text: string, tab: string): Promise<void> {
    const pane = this.page.locator('.pane', { has: this.page.locator(`.pane-header[aria-label^="${name}"]`) });
    await pane.locator('.monaco-list-row', { hasText: text }).first().click();
    await this.page.locator(`.tabs-container .tab.active[data-resource-name="${tab}"]`).first().waitFor();
  }

  /** Waits for the status bar to show the cursor at `line`, `column` (1-based). */
  async waitForCursor(line: number, column: number): Promise<void> {
    await this.page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).waitFor();
  }

  async screenshot(name: string): Promise<string> {
    const file = path.join(this.artefacts, `${name}.png`);
    await this.page.screenshot({ path: file, animations: 'disabled' });
    return file;
  }

  private async focusEditor(): Promise<void> {
    if ((await this.page.locator('.editor-instance .monaco-editor.focused').count()) > 0) return;
    await this.page.locator('.editor-instance .monaco-editor textarea').first().focus();
    await this.page.locator('.editor-instance .monaco-editor.focused').waitFor();
  }
}
