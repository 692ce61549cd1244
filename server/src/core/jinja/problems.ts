// What Jinja would refuse in a template: the first syntax error (Jinja stops there), else each
// unknown filter or test (Jinja refuses them when it compiles the template, before rendering).
import { didYouMean } from '../suggest';
import { AIRFLOW_FILTERS, isKnownFilter, isKnownTest, JINJA_FILTERS, JINJA_TESTS } from './environment';
import type { TemplateReading } from './parser';

export interface TemplateProblem {
  message: string;
  /** Offsets in the template text. */
  start: number;
  end: number;
}

export interface ProblemOptions {
  /** The DAG adds filters (`user_defined_filters`) DAG Guard cannot list: no filter is unknown. */
  extraFilters: boolean;
}

const FILTER_NAMES = [...JINJA_FILTERS, ...Object.keys(AIRFLOW_FILTERS)];
const TEST_NAMES = [...JINJA_TESTS].filter((name) => /^[a-z]/.test(name));

export function templateProblems(reading: TemplateReading, options: ProblemOptions): TemplateProblem[] {
  if (reading.error) return [{ message: reading.error.message, start: reading.error.start, end: reading.error.end }];
  const problems: TemplateProblem[] = [];
  if (!options.extraFilters) {
    for (const filter of reading.filters) {
      if (isKnownFilter(filter.name)) continue;
      const guess = didYouMean(filter.name, FILTER_NAMES);
      problems.push({
        message: `No filter named \`${filter.name}\`${guess ? `: did you mean \`${guess}\`?` : '.'}`,
        start: filter.start,
        end: filter.end,
      });
    }
  }
  for (const test of reading.tests) {
    if (isKnownTest(test.name)) continue;
    const guess = didYouMean(test.name, TEST_NAMES);
    problems.push({
      message: `No test named \`${test.name}\`${guess ? `: did you mean \`${guess}\`?` : '.'}`,
      start: test.start,
      end: test.end,
    });
  }
  return problems;
}
