/**
 * The one rule factory: docs URL scheme, typed messages and options, and
 * `meta.defaultOptions` applied the way ESLint >= 9.15 applies them (done here
 * too, so ESLint 9.0-9.14 behave the same).
 */
import type { TSESLint } from '@typescript-eslint/utils';
import type { Listeners } from './engine';

export const repositoryUrl = 'https://github.com/fearless-lint/eslint-plugin-fearless';

export function ruleDocsUrl(name: string): string {
  return `${repositoryUrl}/blob/main/docs/rules/${name}.md`;
}

export interface FearlessDocs<Options extends readonly unknown[]> {
  readonly description: string;
  /** In `recommended` (and so in every larger preset). */
  readonly recommended: boolean;
  /** Needs type information to do anything at all. */
  readonly requiresTypeChecking: boolean;
  /** Options that `strict` and `all` use instead of the defaults. */
  readonly strictOptions?: Options;
  /** Options that `recommended-type-checked` uses: they turn on checks that need the type checker. */
  readonly typeCheckedOptions?: Options;
  readonly url: string;
}

export type FearlessRuleMeta<MessageIds extends string, Options extends readonly unknown[]> = Omit<
  TSESLint.RuleMetaData<MessageIds, FearlessDocs<Options>, Options>,
  'docs' | 'defaultOptions'
> & {
  readonly docs: Omit<FearlessDocs<Options>, 'url'>;
  readonly defaultOptions: Options;
};

export type FearlessRule<MessageIds extends string = string, Options extends readonly unknown[] = readonly unknown[]> = TSESLint.RuleModule<
  MessageIds,
  Options,
  FearlessDocs<Options>,
  TSESLint.RuleListener
> & {
  readonly name: string;
  readonly meta: TSESLint.RuleMetaData<MessageIds, FearlessDocs<Options>, Options> & {
    readonly docs: FearlessDocs<Options>;
    readonly defaultOptions: Options;
  };
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** ESLint's own merge of defaults into user options: plain objects merge deeply, anything else replaces. */
export function mergeOptions<T>(defaults: T, user: unknown): T {
  if (user === undefined) return defaults;
  if (isPlainObject(defaults) && isPlainObject(user)) {
    const merged: Record<string, unknown> = { ...defaults };
    for (const [key, value] of Object.entries(user)) merged[key] = mergeOptions(defaults[key], value);
    return merged as T;
  }
  return user as T;
}

export function createRule<MessageIds extends string, Options extends readonly unknown[]>(rule: {
  name: string;
  meta: FearlessRuleMeta<MessageIds, Options>;
  create: (context: Readonly<TSESLint.RuleContext<MessageIds, Options>>, options: Options) => Listeners;
}): FearlessRule<MessageIds, Options> {
  const meta = {
    ...rule.meta,
    docs: { ...rule.meta.docs, url: ruleDocsUrl(rule.name) },
  };
  return {
    name: rule.name,
    meta,
    defaultOptions: rule.meta.defaultOptions,
    create(context) {
      const options = rule.meta.defaultOptions.map((defaults, index) => mergeOptions(defaults, context.options[index])) as unknown as Options;
      return rule.create(context, options) as unknown as TSESLint.RuleListener;
    },
  };
}
