// .airflowignore as Airflow's DAG processor applies it, in both syntaxes. The cases come from
// Airflow's own tests and fixtures: tests/dags/.airflowignore (regexp) and .airflowignore_glob,
// tests/utils/test_file.py (2.x) and shared/module_loading/tests/test_file_discovery.py (3.x):
// regexp patterns are searched in the path relative to the DAG folder (also those of nested
// files); glob patterns without a slash match the file or folder name at any depth, patterns with
// one match relative to the folder of their .airflowignore; later patterns win (negation); an
// ignored folder is not entered, so nothing under it comes back.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { AirflowIgnore, type IgnoreSyntax } from '../../server/src/project/airflowIgnore';
import { tempFolder } from '../helpers/tempFolder';

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** The .py files (relative, sorted) that the DAG processor would list in a folder of these files. */
function parsed(files: Record<string, string>, syntax: IgnoreSyntax | 'either'): string[] {
  const root = tempFolder(files, 'dag-guard-ignore-');
  roots.push(root);
  const ignore = new AirflowIgnore(root, syntax);
  return Object.keys(files)
    .filter((name) => name.endsWith('.py'))
    .filter((name) => !ignore.ignores(path.join(root, name)))
    .sort();
}

describe('.airflowignore, regexp syntax (Airflow 2 default)', () => {
  it("applies Airflow's own fixture: comments, a folder name, an anchored pattern", () => {
    const ignoreFile =
      '.*_invalid.*  # Skip invalid files\nsubdir3       # Skip the nested subdir3 directory\n^specific\n\n\n# *badrule      # This rule is an invalid regex. It would be warned about and skipped.\n';
    assert.deepEqual(
      parsed(
        {
          '.airflowignore': ignoreFile,
          'test_invalid_cron.py': '',
          'test_on_kill.py': '',
          'subdir2/subdir3/test_nested_dag.py': '',
          'subdir2/test_kept.py': '',
          'specific_dag.py': '',
          'team/specific_dag.py': '',
        },
        'regexp',
      ),
      ['subdir2/test_kept.py', 'team/specific_dag.py', 'test_on_kill.py'],
    );
  });

  it('searches anywhere in the path relative to the DAG folder, also for patterns of nested files', () => {
    assert.deepEqual(
      parsed(
        {
          'team/.airflowignore': '^team/local\n^helpers\n',
          'team/local_dag.py': '',
          'team/helpers.py': '',
          'other/local_dag.py': '',
          'util.py': '',
        },
        'regexp',
      ),
      // ^helpers never matches "team/helpers.py": the path is relative to the DAG folder, not to team/.
      ['other/local_dag.py', 'team/helpers.py', 'util.py'],
    );
  });

  it("keeps a nested file's patterns to its own folder", () => {
    assert.deepEqual(parsed({ 'a/.airflowignore': 'common', 'a/common.py': '', 'b/common.py': '' }, 'regexp'), ['b/common.py']);
  });

  it('skips backreferences and lookarounds, which the re2 of Airflow 2.8 to 2.11 refuses', () => {
    assert.deepEqual(parsed({ '.airflowignore': '(?P<n>tmp)_(?P=n)\n^(?!keep)old\n', 'tmp_tmp.py': '', 'old_dag.py': '' }, 'regexp'), [
      'old_dag.py',
      'tmp_tmp.py',
    ]);
  });

  it('skips an invalid regular expression and keeps the others', () => {
    assert.deepEqual(parsed({ '.airflowignore': '*bad\nscratch\n', 'scratch_dag.py': '', '*bad.py': '', 'dag.py': '' }, 'regexp'), [
      '*bad.py',
      'dag.py',
    ]);
  });

  it('reads Python regular expressions: named groups and inline flags', () => {
    assert.deepEqual(
      parsed({ '.airflowignore': '(?i)^LEGACY\n(?P<n>tmp)_tmp\n', 'legacy_dag.py': '', 'tmp_tmp.py': '', 'tmp_dag.py': '' }, 'regexp'),
      ['tmp_dag.py'],
    );
  });
});

describe('.airflowignore, glob syntax (Airflow 3 default)', () => {
  it("applies Airflow's own .airflowignore_glob fixture", () => {
    const ignoreFile = [
      '# skip .airflowignore files',
      '**/.airflowignore',
      '',
      '# test wildcard matching using single asterisk',
      '*_invalid_*      # skip invalid files',
      '',
      '# test ignoring files at all levels',
      '**/*_dont_*                # ignore all python files at all levels with "dont" in their name',
      'subdir2/**/test_nested*.py # ignore files in subdir2/subdir3',
      '',
      '# test matching and ignoring of path separators',
      'subdir1/         # ignore all of subdir1',
      'subdir2*test*    # this should not match anything in the subdir2 directory',
      'subdir2?test*    # this should not match anything in the subdir2 directory',
      '',
      '# test character classes',
      'test_[pr]*       # ignore any file starting "test_p" or "test_r"',
      '',
      '# skip this invalid rules',
      "/                # won't match anything",
    ].join('\n');
    assert.deepEqual(
      parsed(
        {
          '.airflowignore': ignoreFile,
          'test_invalid_cron.py': '',
          'test_on_kill.py': '',
          'test_prev_dagrun_dep.py': '',
          'test_retry_handling_job.py': '',
          'test_dont_ignore_this.py': '',
          'subdir1/test_kept_elsewhere.py': '',
          'subdir2/test_in_subdir2.py': '',
          'subdir2/subdir3/test_nested_dag.py': '',
          'subdir2/subdir3/test_other.py': '',
          'deep/er/test_dont_run.py': '',
        },
        'glob',
      ),
      ['subdir2/subdir3/test_other.py', 'subdir2/test_in_subdir2.py', 'test_on_kill.py'],
    );
  });

  it('lets a later negation un-ignore a folder and a file inside it', () => {
    assert.deepEqual(
      parsed(
        { '.airflowignore': '*\n!subfolder/\n!subfolder/keep.py', 'drop.py': '', 'subfolder/keep.py': '', 'subfolder/drop.py': '' },
        'glob',
      ),
      ['subfolder/keep.py'],
    );
  });

  it('negates with ** in nested folders', () => {
    assert.deepEqual(
      parsed(
        {
          '.airflowignore': '*\n!a/\n!a/b/\n!**/subfolder/\n!**/subfolder/keep.py\ndrop.py',
          'ignore_top.py': '',
          'a/b/subfolder/keep.py': '',
          'a/b/subfolder/drop.py': '',
        },
        'glob',
      ),
      ['a/b/subfolder/keep.py'],
    );
  });

  it('adds the patterns of nested files: relative to their folder when they hold a slash, names otherwise', () => {
    assert.deepEqual(
      parsed(
        {
          '.airflowignore': '*_dont_*\n',
          'team/.airflowignore': '!*_dont_*\n/local.py\nhelper.py\n',
          'team/test_dont_run.py': '',
          'team/local.py': '',
          'team/sub/local.py': '',
          'team/sub/helper.py': '',
          'test_dont_run.py': '',
          'local.py': '',
          'helper.py': '',
        },
        'glob',
      ),
      ['helper.py', 'local.py', 'team/sub/local.py', 'team/test_dont_run.py'],
    );
  });

  it('never re-includes a file whose folder is ignored', () => {
    assert.deepEqual(parsed({ '.airflowignore': 'build/\n!build/keep.py\n', 'build/keep.py': '', 'build.py': '' }, 'glob'), ['build.py']);
  });

  it('hides every depth under an ignored folder, whatever the files below it say', () => {
    const files = {
      '.airflowignore': 'build/\n',
      'build/deeper/.airflowignore': '!*.py\n',
      'build/deeper/still/dag.py': '',
      'build/deeper/dag.py': '',
      'team/deeper/dag.py': '',
    };
    assert.deepEqual(parsed(files, 'glob'), ['team/deeper/dag.py']);
    assert.deepEqual(parsed({ ...files, '.airflowignore': '^build\n' }, 'regexp'), ['team/deeper/dag.py']);
  });
});

describe('.airflowignore when the syntax is not known', () => {
  it('ignores only what both syntaxes ignore', () => {
    // "scripts" is a regular expression and a glob alike; "*.tmp.py" is only a glob (an invalid regexp).
    assert.deepEqual(parsed({ '.airflowignore': 'scripts\n*.tmp.py\n', 'scripts/ci.py': '', 'x.tmp.py': '', 'dag.py': '' }, 'either'), [
      'dag.py',
      'x.tmp.py',
    ]);
  });
});
