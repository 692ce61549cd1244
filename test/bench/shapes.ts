// `npm run bench:shapes [-- shape ...]`: the time to parse and analyse the file shapes that were
// once super-linear (issue 12), each at growing sizes, so that a reader sees whether doubling the
// input doubles the time. Reports figures, asserts nothing (the tests hold the fast sizes).
import { analyzePython } from '../../server/src/core/analyze';
import { SourceFile } from '../../server/src/core/model/source';
import { defaultSettings } from '../../server/src/core/settings/schema';
import { createPythonParser, parsePython } from '../../server/src/core/syntax/parser';
import { SHAPES } from './shapeGenerators';

async function main(): Promise<void> {
  const parser = await createPythonParser();
  const wanted = process.argv.slice(2);
  const settings = defaultSettings();
  for (const shape of SHAPES.filter((candidate) => wanted.length === 0 || wanted.includes(candidate.name))) {
    for (const size of shape.sizes) {
      const text = shape.make(size);
      let started = performance.now();
      const tree = parsePython(parser, text);
      const parsed = performance.now() - started;
      const parts = new Map<string, number>();
      started = performance.now();
      const skipped: string[] = [];
      const findings = analyzePython(new SourceFile('shape.py', text, tree), {
        settings,
        airflowVersion: 2,
        onTiming: (part, ms) => parts.set(part, (parts.get(part) ?? 0) + ms),
        onRuleError: (rule, error) => skipped.push(`${rule.code}: ${(error as Error).message}`),
      });
      const analysed = performance.now() - started;
      tree.delete();
      const slowest = [...parts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([part, ms]) => `${part} ${ms.toFixed(0)}`)
        .join(', ');
      console.log(
        `${shape.name.padEnd(14)} ${String(size).padStart(8)} ${(text.length / 1024).toFixed(0).padStart(6)} KiB  parse ${parsed.toFixed(0).padStart(6)} ms  analysis ${analysed.toFixed(0).padStart(6)} ms ${((analysed * 1000) / text.split('\n').length).toFixed(1).padStart(6)} us/line  ${findings.length} findings  (${slowest})${skipped.length ? `  skipped ${skipped.join('; ')}` : ''}`,
      );
    }
  }
}

void main();
