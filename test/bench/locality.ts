// `node --import tsx test/bench/locality.ts`: how local an edit's effect on the findings is, the measurement behind
// the incremental-analysis design (ARCHITECTURE.md, "Incremental analysis"). For random edits of
// the bench generator's file, the rule fixtures and the examples (test/helpers/randomEdits.ts), it
// analyses the text before and after each edit in full and prints:
//  - the share of edits inside one top-level statement (the rest touch two, or the space between);
//  - of those, the share where every finding outside that statement is unchanged once its ranges
//    are shifted by the edit (what an incremental analysis could keep without re-running rules);
//  - the share where the statement's own findings equal those of a slice (the file's imports plus
//    the statement alone), the cheap re-analysis the issue measured (1.8 ms against 92.5 ms).
// Where either fails, a per-statement design must know the dependency, or fall back to the full run.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Node } from 'web-tree-sitter';
import { analyzePython, type AnalysisOptions } from '../../server/src/core/analyze';
import type { Finding } from '../../server/src/core/findings';
import { SourceFile } from '../../server/src/core/model/source';
import { defaultSettings } from '../../server/src/core/settings/schema';
import { createPythonParser, parsePython } from '../../server/src/core/syntax/parser';
import { LineIndex, type Position } from '../../server/src/core/syntax/positions';
import { random, randomEdits, type Edit } from '../helpers/randomEdits';
import { generateLargeDag } from './generate';

const IMPORTS = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

interface Tally {
  edits: number;
  inOneStatement: number;
  outsideUnchanged: number;
  sliceEqual: number;
  both: number;
}

/** Every range in `value` (ranges, fix edits, related entries), mapped through `map`. */
function mapRanges<T>(value: T, map: (position: Position) => Position): T {
  if (Array.isArray(value)) return value.map((item) => mapRanges(item, map)) as T;
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (isPosition(record.start) && isPosition(record.end) && Object.keys(record).length === 2) {
    return { start: map(record.start), end: map(record.end) } as T;
  }
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, mapRanges(item, map)])) as T;
}

const isPosition = (value: unknown): value is Position =>
  !!value && typeof value === 'object' && typeof (value as Position).line === 'number' && typeof (value as Position).character === 'number';

function main(): Promise<void> {
  return (async () => {
    const parser = await createPythonParser();
    const options: AnalysisOptions = { settings: defaultSettings(), airflowVersion: 2, today: new Date(2025, 2, 14) };
    const analyse = (text: string) => {
      const tree = parsePython(parser, text);
      try {
        const source = new SourceFile('dag.py', text, tree);
        return {
          findings: analyzePython(source, options),
          statements: tree.rootNode.namedChildren
            .filter((node): node is Node => !!node)
            .map((node) => ({ start: node.startIndex, end: node.endIndex, type: node.type })),
        };
      } finally {
        tree.delete();
      }
    };
    const root = path.join(__dirname, '..', '..');
    const files = [
      ...readdirSync(path.join(root, 'test', 'fixtures', 'rules'))
        .filter((name) => /^DG[1-4]\d\d.*\.py$/.test(name))
        .map((name) => path.join(root, 'test', 'fixtures', 'rules', name)),
      ...readdirSync(path.join(root, 'examples', 'dags'))
        .filter((name) => name.endsWith('.py'))
        .map((name) => path.join(root, 'examples', 'dags', name)),
    ];
    const samples = [
      { name: 'bench 1,000 lines', text: generateLargeDag(1000), edits: 120 },
      ...files.map((file) => ({ name: path.basename(file), text: readFileSync(file, 'utf8'), edits: 30 })),
    ];
    const tallies = new Map<string, Tally>();
    for (const [index, sample] of samples.entries()) {
      const tally: Tally = { edits: 0, inOneStatement: 0, outsideUnchanged: 0, sliceEqual: 0, both: 0 };
      tallies.set(sample.name, tally);
      let text = sample.text;
      let before = analyse(text);
      const steps = randomEdits(text, random(index + 11), sample.edits);
      for (let step = steps.next(''); !step.done; step = steps.next(text)) {
        const edit: Edit = step.value;
        const oldLines = new LineIndex(text);
        const newText = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
        const after = analyse(newText);
        tally.edits++;
        const delta = edit.text.length - (edit.end - edit.start);
        // Strictly inside one top-level statement (top-level statements never overlap).
        const statement = before.statements.find((node) => node.start < edit.start && edit.end < node.end) ?? null;
        const newStatement = statement
          ? after.statements.find((node) => node.start === statement.start && node.end === statement.end + delta)
          : undefined;
        if (statement && newStatement && after.statements.length === before.statements.length) {
          tally.inOneStatement++;
          const newLines = new LineIndex(newText);
          const inside = (finding: Finding, lines: LineIndex, span: { start: number; end: number }) => {
            const start = lines.offsetAt(finding.range.start);
            return start >= span.start && start < span.end;
          };
          const shift = (position: Position) => {
            const offset = oldLines.offsetAt(position);
            return newLines.positionAt(offset >= statement.end ? offset + delta : offset);
          };
          const kept = before.findings
            .filter((finding) => !inside(finding, oldLines, statement))
            .map((finding) => mapRanges(finding, shift));
          const outside = after.findings.filter((finding) => !inside(finding, newLines, newStatement));
          const outsideSame = JSON.stringify(kept) === JSON.stringify(outside);
          // The slice: the file's imports, then the statement, at its own offset (blank filler keeps positions).
          const header = after.statements.filter((node) => IMPORTS.has(node.type) && node.end <= newStatement.start);
          let slice = '';
          for (const node of header)
            slice += newText.slice(slice.length, node.start).replace(/[^\n\r]/g, ' ') + newText.slice(node.start, node.end);
          slice +=
            newText.slice(slice.length, newStatement.start).replace(/[^\n\r]/g, ' ') +
            newText.slice(newStatement.start, newStatement.end) +
            '\n';
          const sliced = analyse(slice).findings.filter((finding) => inside(finding, newLines, newStatement));
          const own = after.findings.filter((finding) => inside(finding, newLines, newStatement));
          const sliceSame = JSON.stringify(sliced) === JSON.stringify(own);
          if (outsideSame) tally.outsideUnchanged++;
          if (sliceSame) tally.sliceEqual++;
          if (outsideSame && sliceSame) tally.both++;
        }
        text = newText;
        before = after;
      }
    }
    const sum = (key: keyof Tally, names?: string[]) =>
      [...tallies].filter(([name]) => !names || names.includes(name)).reduce((total, [, tally]) => total + tally[key], 0);
    const line = (label: string, names?: string[]) => {
      const edits = sum('edits', names);
      const one = sum('inOneStatement', names);
      const pct = (count: number, of: number) => `${((100 * count) / Math.max(1, of)).toFixed(0)}%`;
      console.log(
        `${label}: ${edits} edits; inside one top-level statement ${pct(one, edits)}; of those, findings outside it unchanged (shifted) ${pct(sum('outsideUnchanged', names), one)}, its own findings equal to imports + statement ${pct(sum('sliceEqual', names), one)}, both ${pct(sum('both', names), one)}`,
      );
    };
    line('bench file', ['bench 1,000 lines']);
    line(
      'fixtures and examples',
      [...tallies.keys()].filter((name) => name !== 'bench 1,000 lines'),
    );
  })();
}

void main();
