/**
 * Section 4: the corpus with type information.
 *
 * (a) typed parse, no rules; (b) fearless `recommended-type-checked`;
 * (c) `@typescript-eslint/no-floating-promises` alone. Budget: what ours add,
 * (b)-(a), is no more than what one everyday type-aware rule adds, (c)-(a).
 *
 * Every timed run starts from a fresh TypeScript program
 * (`clearCaches()` before it): the checker caches the types it computed, so
 * on a reused program the second rule set to ask would get the first one's
 * work for free. Program creation is in every run, so it cancels out of
 * (b)-(a) and (c)-(a). A full GC before each run, too: otherwise collecting
 * the previous run's program lands in this one.
 */
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { sourceRoot, writeIfChanged } from './corpus.mjs';
import { createESLint, fatalMessage, findingsOf, languageConfigs, lintAll, lintFile, tsParser } from './lint.mjs';
import { alternate, collectGarbage, median } from './measure.mjs';
import { budget, heading, ms, note, ratio, table } from './report.mjs';

const load = createRequire(import.meta.url);

/**
 * A tsconfig over exactly the corpus files. `types: []` keeps @types from
 * the bench's own node_modules out; imports the corpus cannot resolve become
 * `any`, as in a project with missing types.
 */
function writeTsconfig(files) {
  const path = join(sourceRoot, 'tsconfig.json');
  const tsconfig = {
    compilerOptions: {
      allowJs: true,
      checkJs: false,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      strict: true,
      target: 'es2022',
      module: 'esnext',
      moduleResolution: 'bundler',
      lib: ['es2023', 'dom'],
    },
    files: files.map((file) => relative(sourceRoot, file.path).split(sep).join('/')),
  };
  writeIfChanged(path, `${JSON.stringify(tsconfig, null, 2)}\n`);
  return path;
}

function floatingPromisesConfig() {
  const { plugin } = load('typescript-eslint');
  return { name: 'bench/no-floating-promises', plugins: { '@typescript-eslint': plugin }, rules: { '@typescript-eslint/no-floating-promises': 'error' } };
}

/**
 * Untimed pass on a fresh program: drops files that fail to parse with types
 * (not in the program, say) or that crash a rule, and collects findings of
 * ours with type information: `configs.all` (to compare with the untyped
 * run: what type information changes) and `recommended-type-checked`.
 */
async function preflight(files, variants, allTyped) {
  tsParser.clearCaches();
  const usable = [];
  const findings = { all: [], typeChecked: [] };
  for (const file of files) {
    const bare = await lintFile(variants.none, file, { section: 'typed', config: 'typed, no rules' });
    const fatal = bare.result && fatalMessage(bare.result);
    if (bare.error || fatal) {
      note(`  skipped ${file.display}: ${fatal ? `typed parse error ${fatal.line}:${fatal.column} ${fatal.message}` : 'ESLint threw (see Crashes)'}`);
      continue;
    }
    const ours = await lintFile(variants.ours, file, { section: 'typed', config: 'recommended-type-checked' });
    const theirs = await lintFile(variants.floating, file, { section: 'typed', config: 'no-floating-promises' });
    const all = await lintFile(allTyped, file, { section: 'typed', config: 'configs.all, typed' });
    if (ours.error || theirs.error || all.error) {
      note(`  skipped ${file.display}: a rule threw (see Crashes)`);
      continue;
    }
    findings.typeChecked.push(...findingsOf(ours.result, file));
    findings.all.push(...findingsOf(all.result, file));
    usable.push(file);
  }
  return { usable, findings };
}

export async function runTyped(files, { plugin, warmup, reps }) {
  heading('4. Typed timing: typed parse vs fearless recommended-type-checked vs no-floating-promises');
  const tsconfig = writeTsconfig(files);
  const language = languageConfigs(sourceRoot, files, { project: tsconfig, tsconfigRootDir: sourceRoot });
  const variants = {
    none: createESLint(sourceRoot, language),
    ours: createESLint(sourceRoot, [...language, plugin.configs['recommended-type-checked']]),
    floating: createESLint(sourceRoot, [...language, floatingPromisesConfig()]),
  };
  note(`tsconfig: ${tsconfig}`);
  note(`Rules in recommended-type-checked: ${Object.keys(plugin.configs['recommended-type-checked'].rules).join(', ')}`);

  const allTyped = createESLint(sourceRoot, [...language, plugin.configs.all]);
  const { usable, findings } = await preflight(files, variants, allTyped);
  note(`Linting ${usable.length} files with type information; each run builds a fresh program.`);
  note(`Runs alternate (a, b, c, c, b, a, ...): ${warmup} warm-up round(s), then ${reps} timed.`);

  const context = (config) => ({ section: 'typed timing', config });
  const timing = await alternate(
    {
      none: () => lintAll(variants.none, usable, context('typed, no rules')),
      ours: () => lintAll(variants.ours, usable, context('recommended-type-checked')),
      floating: () => lintAll(variants.floating, usable, context('no-floating-promises')),
    },
    {
      warmup,
      reps,
      beforeEach: () => {
        tsParser.clearCaches();
        collectGarbage();
      },
    },
  );
  tsParser.clearCaches();

  const base = timing.none.median;
  const oursAdded = timing.ours.median - base;
  const floatingAdded = timing.floating.median - base;
  const row = (label, result) => [label, ms(result.median), ms(result.median - base), result.samples.map((t) => t.toFixed(0)).join(' ')];
  table(
    ['variant', 'median', 'added vs (a)', 'runs (ms)'],
    [
      row('(a) typed parse, no rules', timing.none),
      row('(b) fearless recommended-type-checked', timing.ours),
      row('(c) @typescript-eslint/no-floating-promises', timing.floating),
    ],
  );
  budget(
    'typed, ours cost <= no-floating-promises alone',
    oursAdded <= floatingAdded,
    `(b)-(a) = ${ms(oursAdded)}, (c)-(a) = ${ms(floatingAdded)}, ratio ${ratio(floatingAdded > 0 && oursAdded > 0 ? oursAdded / floatingAdded : NaN)}`,
  );
  // Paired per round (each round runs a, b and c back to back): steadier when the machine drifts.
  const paired = (result) => median(result.samples.map((time, round) => time - timing.none.samples[round]));
  note(`Cross-check, median of per-round differences: (b)-(a) = ${ms(paired(timing.ours))}, (c)-(a) = ${ms(paired(timing.floating))}.`);
  note('Differences under a few percent of (a) are within run-to-run noise; see the runs column.');

  // Findings of type-aware rules that configs.all does not have (requiresTypeChecking ones).
  const inAll = new Set(Object.keys(plugin.configs.all.rules));
  return {
    findings: findings.all,
    typeOnly: findings.typeChecked.filter((finding) => !inAll.has(finding.rule)),
    files: new Set(usable.map((file) => file.display)),
  };
}
