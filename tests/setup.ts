import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

// Engine errors throw in tests instead of being contained (see FileAnalysis.guarded).
process.env.FEARLESS_DEBUG = '1';
