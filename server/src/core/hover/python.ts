// Hover in Python files. Each provider looks at the position and answers markdown or nothing;
// the first answer wins. Providers stay pure: the protocol layer converts the result.
import type { SourceFile } from '../model/source';
import type { Node } from '../syntax/nodes';
import { ruleMarkdown } from '../rules/docs';
import { ruleByCode } from '../rules/registry';
import type { Range } from '../syntax/positions';
import { noqaCodesIn } from '../suppression';
import { AIRFLOW_PYTHON_HOVER_PROVIDERS } from './pythonAirflow';
import { templateFileHover } from './templateFile';
import type { PathExists } from '../jinja/templateFiles';
import type { HoverProject } from './config';

export interface HoverResult {
  markdown: string;
  range: Range;
}

export interface PythonHoverContext {
  source: SourceFile;
  /** UTF-16 offset of the hovered position. */
  offset: number;
  airflowVersion: 2 | 3 | null;
  /** Whether a path inside the project exists (template files); absent: unknown. */
  pathExists?: PathExists | null;
  /** The project's config files, asked for only when an `AIRFLOW__` name is hovered (the value in effect). */
  configProject?: () => HoverProject | undefined;
}

export type PythonHoverProvider = (context: PythonHoverContext) => HoverResult | null;

/** `# noqa: DG101` -> the rule's docs. */
const noqaCodeHover: PythonHoverProvider = ({ source, offset }) => {
  const comment = commentAt(source, offset);
  if (!comment) return null;
  const hit = noqaCodesIn(comment.text).find(
    (entry) => comment.startIndex + entry.start <= offset && offset <= comment.startIndex + entry.end,
  );
  const rule = hit && ruleByCode(hit.code);
  if (!hit || !rule) return null;
  return { markdown: ruleMarkdown(rule), range: source.lines.rangeOf(comment.startIndex + hit.start, comment.startIndex + hit.end) };
};

/**
 * The comment the offset is in or at the end of. Asks the tree at the offset (and just before it):
 * a hover right after an edit must not wait for the index of every node of the file.
 */
function commentAt(source: SourceFile, offset: number): Node | null {
  for (const at of [offset, offset - 1]) {
    if (at < 0) continue;
    const node = source.root.descendantForIndex(at);
    if (node?.type === 'comment' && node.startIndex <= offset && offset <= node.endIndex) return node;
  }
  return null;
}

const PYTHON_HOVER_PROVIDERS: PythonHoverProvider[] = [noqaCodeHover, templateFileHover, ...AIRFLOW_PYTHON_HOVER_PROVIDERS];

export function pythonHover(context: PythonHoverContext): HoverResult | null {
  for (const provider of PYTHON_HOVER_PROVIDERS) {
    const result = provider(context);
    if (result) return result;
  }
  return null;
}
