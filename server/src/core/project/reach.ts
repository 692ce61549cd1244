// What a call into the project, or an import of a project module, runs: the hazards of module
// summaries (modules.ts), followed through the calls and imports they keep symbolic, resolved
// through `ProjectModules` when a DAG file is analysed. Each function is costed once per analysis
// (memoised); a call that comes back to a function still being costed (recursion, a cycle across
// modules) makes the cost 'unknown', as does a chain deeper than MAX_DEPTH: the analysis stays
// silent rather than guess a count.
import type { Multiplicity } from '../model/multiplicity';
import type { RelatedLocation } from '../findings';
import type { CallTarget, ClassSummary, FunctionSummary, Hazard, ModuleSummary, ProjectModules, SummaryCall } from './modules';

const MAX_DEPTH = 24;

/** One hazard site a call or import reaches, with how often it runs per call (or import). */
export interface ReachedHazard {
  hazard: Hazard;
  /** The module that holds it. */
  path: string;
  /** Runs per call of the function first called (per import, for module bodies); no reasons. */
  multiplicity: Multiplicity;
  /** The functions (or modules) between the one first called and the hazard, outermost first. */
  via: string[];
  /** The calls or imports between, innermost first (the related locations after the hazard). */
  steps: RelatedLocation[];
}

export type Reach = ReachedHazard[] | 'unknown';

interface ClassRef {
  module: ModuleSummary;
  cls: ClassSummary;
}

/** What a call target names in the project, once resolved. */
export type Resolved =
  | { kind: 'function'; module: ModuleSummary; fn: FunctionSummary; instance: ClassRef | null; definedIn: ClassRef | null }
  | { kind: 'class'; ref: ClassRef };

export class ProjectReach {
  private readonly modules = new Map<string, ModuleSummary | null>();
  private readonly functionCosts = new Map<string, Reach>();
  private readonly moduleCosts = new Map<string, Reach>();
  private readonly inProgress = new Set<string>();

  constructor(private readonly project: ProjectModules) {}

  /** The project module `module` names from `fromPath`, memoised. */
  module(fromPath: string, module: string, level: number): ModuleSummary | null {
    const key = `${fromPath}\0${level}\0${module}`;
    let found = this.modules.get(key);
    if (found === undefined) {
      try {
        found = this.project.resolve(fromPath, module, level);
      } catch {
        found = null;
      }
      this.modules.set(key, found);
    }
    return found;
  }

  /** What a call target names, seen from `module` (and, for self/super, from a method of `definedIn` on an `instance`). */
  resolve(
    target: CallTarget,
    module: ModuleSummary,
    context: { instance: ClassRef | null; definedIn: ClassRef | null } = { instance: null, definedIn: null },
    depth = 0,
  ): Resolved | null {
    if (depth > MAX_DEPTH) return null;
    switch (target.kind) {
      case 'local':
        return this.member(module, target.name.split('.'), depth);
      case 'import':
        return this.imported(module.path, target.module, target.level, target.name, depth);
      case 'self':
        return context.instance ? this.method(context.instance, target.name, depth) : null;
      case 'super': {
        if (!context.definedIn) return null;
        for (const base of this.basesOf(context.definedIn, depth)) {
          const found = this.method(base, target.name, depth + 1);
          if (found) return { ...found, instance: context.instance } as Resolved;
        }
        return null;
      }
    }
  }

  /** `module.name` where `name` may be dotted: the longest prefix that is a project module wins. */
  imported(fromPath: string, module: string, level: number, name: string, depth = 0): Resolved | null {
    const parts = name.split('.');
    for (let split = parts.length - 1; split >= 0; split--) {
      const moduleName = [module, ...parts.slice(0, split)].filter(Boolean).join('.');
      if (!moduleName && level === 0) continue;
      const summary = this.module(fromPath, moduleName, level);
      if (summary) return this.member(summary, parts.slice(split), depth + 1);
    }
    return null;
  }

  /** A module-level function or class of `module`, a class's method, or a name the module re-exports. */
  private member(module: ModuleSummary, parts: string[], depth: number): Resolved | null {
    if (depth > MAX_DEPTH || parts.length === 0) return null;
    const [head, ...rest] = parts;
    const fn = module.functions && Object.hasOwn(module.functions, head) ? module.functions[head] : undefined;
    if (fn) return rest.length === 0 ? { kind: 'function', module, fn, instance: null, definedIn: null } : null;
    const cls = module.classes && Object.hasOwn(module.classes, head) ? module.classes[head] : undefined;
    if (cls) {
      const ref = { module, cls };
      if (rest.length === 0) return { kind: 'class', ref };
      return rest.length === 1 ? this.method(ref, rest[0], depth + 1) : null;
    }
    // `from .variables import read_var` in a package's __init__.py re-exports the name.
    for (const entry of module.imports) {
      if (entry.names.includes(head)) return this.imported(module.path, entry.module, entry.level, parts.join('.'), depth + 1);
    }
    return null;
  }

  /** The method `name` of a class or of its bases (depth first, as single inheritance resolves it). */
  method(ref: ClassRef, name: string, depth = 0): (Resolved & { kind: 'function' }) | null {
    if (depth > MAX_DEPTH) return null;
    const own = Object.hasOwn(ref.cls.methods, name) ? ref.cls.methods[name] : undefined;
    if (own) return { kind: 'function', module: ref.module, fn: own, instance: ref, definedIn: ref };
    for (const base of this.basesOf(ref, depth)) {
      const found = this.method(base, name, depth + 1);
      if (found) return { ...found, instance: ref };
    }
    return null;
  }

  /** The project classes a class derives from directly. */
  basesOf(ref: ClassRef, depth = 0): ClassRef[] {
    const bases: ClassRef[] = [];
    for (const base of ref.cls.bases) {
      const resolved = this.resolve(base, ref.module, { instance: null, definedIn: null }, depth + 1);
      if (resolved?.kind === 'class' && resolved.ref.cls !== ref.cls) bases.push(resolved.ref);
    }
    return bases;
  }

  /** What one call of a resolved target runs: a function's body, or a class's `__init__`. */
  costOf(resolved: Resolved, depth = 0): Reach {
    if (resolved.kind === 'class') {
      const init = this.method(resolved.ref, '__init__', depth);
      return init ? this.costOf(init, depth + 1) : [];
    }
    const { module, fn, instance, definedIn } = resolved;
    if (fn.isTask) return []; // calling a @task function builds a task; its body runs in a worker
    const key = `${module.path}\0${definedIn?.cls.name ?? ''}\0${fn.name}\0${instance?.module.path ?? ''}\0${instance?.cls.name ?? ''}`;
    // Through the DAG file's own classes: its text may change while the generation stays (a fix-all pass).
    const memoise = !module.transient && !instance?.module.transient;
    const cached = memoise ? this.functionCosts.get(key) : undefined;
    if (cached) return cached;
    if (this.inProgress.has(key) || depth > MAX_DEPTH) return 'unknown';
    this.inProgress.add(key);
    const reach = new ReachSum();
    for (const hazard of fn.hazards) reach.add({ hazard, path: module.path, multiplicity: hazard.multiplicity, via: [], steps: [] });
    const known = this.addCallCosts(
      reach,
      module,
      fn.calls,
      (call) => `${fn.name}() calls ${call.text}()`,
      { instance, definedIn },
      depth + 1,
    );
    const result: Reach = known ? reach.list() : 'unknown';
    this.inProgress.delete(key);
    if (memoise) this.functionCosts.set(key, result);
    return result;
  }

  /**
   * Adds to `reach` what each call runs (the callee's cost times the call's count, with the call as
   * a step described by `step`); false when a callee's cost is unknown (the caller's is then too).
   */
  private addCallCosts(
    reach: ReachSum,
    module: ModuleSummary,
    calls: readonly SummaryCall[],
    step: (call: SummaryCall) => string,
    context: { instance: ClassRef | null; definedIn: ClassRef | null } = { instance: null, definedIn: null },
    depth = 0,
  ): boolean {
    for (const call of calls) {
      const callee = this.resolve(call.target, module, context, depth);
      if (!callee) continue;
      const inner = this.costOf(callee, depth);
      if (inner === 'unknown') return false;
      const name = calleeName(callee);
      for (const found of inner) {
        reach.add({
          ...found,
          multiplicity: times(found.multiplicity, call.multiplicity),
          via: [name, ...found.via],
          steps: [...found.steps, { path: module.path, range: call.range, message: step(call) }],
        });
      }
    }
    return true;
  }

  /**
   * What importing `module` runs once: its module body (hazards and calls into definitions), not the
   * modules it imports in turn (`importedBy` walks those, so that each module counts once per parse).
   */
  moduleBodyCost(module: ModuleSummary): Reach {
    const cached = this.moduleCosts.get(module.path);
    if (cached) return cached;
    const reach = new ReachSum();
    for (const hazard of module.moduleHazards ?? [])
      reach.add({ hazard, path: module.path, multiplicity: hazard.multiplicity, via: [], steps: [] });
    const known = this.addCallCosts(reach, module, module.moduleCalls ?? [], (call) => `the module body calls ${call.text}()`);
    const result: Reach = known ? reach.list() : 'unknown';
    this.moduleCosts.set(module.path, result);
    return result;
  }
}

function calleeName(resolved: Resolved): string {
  if (resolved.kind === 'class') return resolved.ref.cls.name;
  return resolved.definedIn ? `${resolved.definedIn.cls.name}.${resolved.fn.name}` : resolved.fn.name;
}

/** Hazards summed per site: a site reached along several paths counts each path's runs. */
export class ReachSum {
  private readonly bySite = new Map<string, ReachedHazard>();

  add(found: ReachedHazard): void {
    const key = `${found.path}\0${found.hazard.range.start.line}:${found.hazard.range.start.character}`;
    const existing = this.bySite.get(key);
    if (!existing) {
      this.bySite.set(key, { ...found, multiplicity: { ...found.multiplicity, reasons: [] } });
      return;
    }
    existing.multiplicity = plus(existing.multiplicity, found.multiplicity);
  }

  list(): ReachedHazard[] {
    return [...this.bySite.values()];
  }
}

export function times(inner: Multiplicity, outer: Multiplicity): Multiplicity {
  return {
    count: inner.count === null || outer.count === null ? null : inner.count * outer.count,
    conditional: inner.conditional || outer.conditional,
    reasons: [],
  };
}

export function plus(a: Multiplicity, b: Multiplicity): Multiplicity {
  return {
    count: a.count === null || b.count === null ? null : a.count + b.count,
    conditional: a.conditional || b.conditional,
    reasons: [],
  };
}
