/**
 * The public types of the plugin and its presets, written the way typescript-eslint writes its compatibility types:
 * structural and loose where ESLint's types and typescript-eslint's disagree (rule contexts, listeners, schemas), so
 * that the same objects are assignable to ESLint 9's and ESLint 10's `ESLint.Plugin` and `Linter.Config`, to
 * typescript-eslint's `FlatConfig.Plugin` and `FlatConfig.Config`, and are accepted by `defineConfig` (eslint/config)
 * and `tseslint.config`. tests/types/plugin-types.ts checks each of these at compile time.
 */

/** The names of the rules, without the `fearless/` prefix. */
export type RuleName =
  | 'consistent-lock-order'
  | 'no-blocking-wait'
  | 'no-unguarded-shared-state'
  | 'no-unsendable-message'
  | 'no-use-after-transfer'
  | 'require-channel-close'
  | 'require-lock-release';

export type PresetName = 'recommended' | 'strict' | 'recommended-type-checked' | 'all';

/** How a preset turns a rule on: `'error'`, or `['error', options]`. */
export type PresetRuleEntry = 'error' | ['error', ...unknown[]];

/** A preset: one flat config object (spread nothing: `export default [fearless.configs.recommended]`). */
export interface FearlessConfig {
  readonly name: `fearless/${PresetName}`;
  readonly plugins: { readonly fearless: FearlessPlugin };
  readonly rules: { readonly [Rule in `fearless/${RuleName}`]?: PresetRuleEntry };
}

/** The docs of a rule's meta, with the fields the presets are derived from. */
export interface FearlessRuleDocs {
  readonly description: string;
  readonly recommended: boolean;
  readonly requiresTypeChecking: boolean;
  readonly strictOptions?: readonly unknown[];
  readonly typeCheckedOptions?: readonly unknown[];
  readonly url: string;
}

/**
 * A rule, as the plugin object exposes it. `create` is typed loosely on purpose (as typescript-eslint's
 * `LooseRuleDefinition`): ESLint's and typescript-eslint's rule contexts and listeners are not assignable to each
 * other, and a config only needs to know that it is a rule.
 */
export interface FearlessRuleDefinition {
  readonly meta: {
    readonly type: 'problem' | 'suggestion';
    readonly docs: FearlessRuleDocs;
    readonly messages: Readonly<Record<string, string>>;
    readonly hasSuggestions?: boolean;
    readonly fixable?: 'code' | 'whitespace';
    readonly schema: unknown[];
    readonly defaultOptions: unknown[];
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- loose on purpose: see above
  create(context: any): { [selector: string]: ((...args: any[]) => void) | undefined };
}

/** The plugin object: `import fearless from 'eslint-plugin-fearless'`, or `{ configs, rules, meta }`. */
export interface FearlessPlugin {
  readonly meta: { readonly name: string; readonly version: string; readonly namespace: 'fearless' };
  readonly rules: { readonly [Rule in RuleName]: FearlessRuleDefinition };
  readonly configs: { readonly [Preset in PresetName]: FearlessConfig };
}
