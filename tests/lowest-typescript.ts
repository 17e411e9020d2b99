/**
 * Run the tests against the lowest TypeScript we support (the peer range's
 * floor, installed as `typescript-lowest`): every `require('typescript')`,
 * ours and typescript-eslint's, gets it instead of the current one.
 */
import Module from 'node:module';

type Resolve = (request: string, ...rest: unknown[]) => string;
const moduleWithResolver = Module as unknown as { _resolveFilename: Resolve };
const resolve = moduleWithResolver._resolveFilename;

moduleWithResolver._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
  const redirected = request === 'typescript' || request.startsWith('typescript/') ? request.replace(/^typescript/, 'typescript-lowest') : request;
  return resolve.call(this, redirected, ...rest);
};
