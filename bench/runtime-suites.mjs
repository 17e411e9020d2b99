/**
 * Runtime test suites as ground truth (issue #9, part 2): precision and recall
 * of our rules on the worker, MessageChannel, BroadcastChannel, structured
 * clone, stream and Web Locks tests of Deno and Bun.
 *
 *   node bench/runtime-suites.mjs            # the tables, from bench/runtime-suites.json alone
 *   node bench/runtime-suites.mjs <folder>   # lint the files again and compare with the record
 *   node bench/runtime-suites.mjs <folder> --no-typed
 *
 * <folder>/<owner>+<name>/<path> must hold each file listed in
 * bench/runtime-suites.json at its commit (the sha256 is checked). The files
 * stay out of this repository: fetch them into a scratch folder. Linting uses
 * the built plugin (`npm run build` first), presets `all` and `strict` on every
 * file, and `recommended-type-checked` on the .ts files with one generated
 * tsconfig (written into <folder>).
 *
 * A hazard (a place where a test asserts that an operation fails) counts as
 * reported when a finding of its rule is on its line. Precision counts a
 * finding as right when it is a TP or deliberate (the test does the hazardous
 * thing on purpose); "TP only" leaves the deliberate ones out of the count.
 * Findings that are not in the record are listed: they need a verdict.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createESLint, loadPlugin, tsParser } from './lib/lint.mjs';

const record = JSON.parse(readFileSync(new URL('./runtime-suites.json', import.meta.url), 'utf8'));
const rules = [
  'no-use-after-transfer',
  'no-unsendable-message',
  'consistent-lock-order',
  'require-channel-close',
  'require-lock-release',
  'no-unguarded-shared-state',
];
const presets = ['all', 'strict', 'recommended-type-checked'];

const args = process.argv.slice(2);
const folder = args.find((arg) => !arg.startsWith('--'));
const typed = !args.includes('--no-typed');

const key = (f) => `${f.repository}|${f.path}|${f.line}:${f.column}|${f.rule}`;
const ratio = (a, b) => (b === 0 ? '-' : (a / b).toFixed(2));

/** Per-rule rows for one preset: recall on the asserted hazards, precision on the judged findings. */
function tables(findings, hazards) {
  for (const preset of presets) {
    const mine = findings.filter((f) => f.presets.includes(preset));
    if (mine.length === 0) continue;
    console.log(`\n${preset}${preset === 'recommended-type-checked' ? ' (.ts files only)' : ''}`);
    console.log('rule                        hazards reported recall | findings  TP  del  FP  precision  TP-only');
    for (const rule of rules) {
      const hs = hazards.filter((h) => h.rule === rule);
      const reported = hs.filter((h) => mine.some((f) => f.rule === rule && f.repository === h.repository && f.path === h.path && f.line === h.line));
      const fs = mine.filter((f) => f.rule === rule);
      const count = (verdict) => fs.filter((f) => f.verdict === verdict).length;
      const [tp, del, fp] = [count('TP'), count('deliberate'), count('FP')];
      console.log(
        `${rule.padEnd(27)} ${String(hs.length).padStart(7)} ${String(reported.length).padStart(8)} ${ratio(reported.length, hs.length).padStart(6)} | ` +
          `${String(fs.length).padStart(8)} ${String(tp).padStart(3)} ${String(del).padStart(4)} ${String(fp).padStart(3)} ${ratio(tp + del, fs.length).padStart(10)} ${ratio(tp, tp + fp).padStart(8)}`,
      );
    }
  }
}

/** Lints the files again from <folder>; returns the findings with the recorded verdicts attached where they exist. */
async function relint(root) {
  const plugin = loadPlugin();
  const local = (file) => join(root, file.repository.replace('/', '+'), file.path);
  const files = [];
  for (const file of record.files) {
    const path = local(file);
    if (!existsSync(path)) {
      console.log(`missing: ${path}`);
      continue;
    }
    const text = readFileSync(path, 'utf8');
    const sha = createHash('sha256').update(readFileSync(path)).digest('hex');
    if (sha !== file.sha256) console.log(`changed (sha256 differs from the record): ${path}`);
    files.push({ ...file, local: path, text });
  }
  const js = { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } };
  const cjs = { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } };
  const ts = { files: ['**/*.ts'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parser: tsParser } };
  const found = new Map();
  const note = (file, message, preset) => {
    if (!message.ruleId?.startsWith('fearless/')) return;
    const finding = {
      repository: file.repository,
      commit: file.commit,
      path: file.path,
      line: message.line,
      column: message.column,
      rule: message.ruleId.slice('fearless/'.length),
    };
    const entry = found.get(key(finding)) ?? { ...finding, presets: [] };
    if (!entry.presets.includes(preset)) entry.presets.push(preset);
    found.set(key(finding), entry);
  };
  for (const preset of ['all', 'strict']) {
    const eslint = createESLint(root, [js, cjs, ts, { plugins: { fearless: plugin }, rules: plugin.configs[preset].rules }]);
    for (const file of files) {
      const [result] = await eslint.lintText(file.text, { filePath: file.local });
      for (const message of result.messages) {
        if (message.fatal) console.log(`parse error: ${file.local}: ${message.message}`);
        note(file, message, preset);
      }
    }
  }
  if (typed) {
    const tsFiles = files.filter((file) => file.path.endsWith('.ts'));
    const tsconfig = join(root, 'tsconfig.fearless-runtime-suites.json');
    const compilerOptions = {
      target: 'es2022',
      module: 'esnext',
      moduleResolution: 'bundler',
      lib: ['esnext', 'dom'],
      noEmit: true,
      skipLibCheck: true,
      allowImportingTsExtensions: true,
      typeRoots: [new URL('../node_modules/@types', import.meta.url).pathname],
      types: ['node'],
    };
    writeFileSync(tsconfig, JSON.stringify({ compilerOptions, files: tsFiles.map((file) => file.local) }, null, 2));
    const parserOptions = { project: tsconfig, tsconfigRootDir: root };
    const eslint = createESLint(root, [
      { files: ['**/*.ts'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parser: tsParser, parserOptions } },
      { plugins: { fearless: plugin }, rules: plugin.configs['recommended-type-checked'].rules },
    ]);
    for (const file of tsFiles) {
      const [result] = await eslint.lintText(file.text, { filePath: file.local });
      for (const message of result.messages) note(file, message, 'recommended-type-checked');
    }
  }
  const judged = new Map(record.findings.map((finding) => [key(finding), finding]));
  const findings = [...found.values()].map((finding) => {
    const old = judged.get(key(finding));
    return { ...finding, verdict: old?.verdict, class: old?.class, reason: old?.reason };
  });
  const fresh = findings.filter((finding) => !finding.verdict);
  const gone = record.findings.filter((finding) => !found.has(key(finding)) && (typed || !finding.presets.every((p) => p === 'recommended-type-checked')));
  console.log(`\n${findings.length} findings, ${fresh.length} not in the record (need a verdict), ${gone.length} in the record and gone`);
  for (const finding of fresh)
    console.log(
      `  new: ${finding.repository}@${finding.commit.slice(0, 10)} ${finding.path}:${finding.line}:${finding.column} ${finding.rule} [${finding.presets.join(', ')}]`,
    );
  for (const finding of gone)
    console.log(
      `  gone: ${finding.repository}@${finding.commit.slice(0, 10)} ${finding.path}:${finding.line}:${finding.column} ${finding.rule} (was ${finding.verdict}${finding.class ? ` ${finding.class}` : ''})`,
    );
  return findings;
}

console.log(
  `Runtime suites: ${record.files.length} files, ${record.hazards.length} asserted hazards, ${record.findings.length} judged findings (recorded ${record.measured.date}).`,
);
if (folder) {
  const findings = await relint(folder);
  console.log('\nNow (unjudged findings count in "findings" but in neither TP, del nor FP):');
  tables(findings, record.hazards);
} else {
  console.log('\nAs recorded:');
  tables(record.findings, record.hazards);
}
