/**
 * Qualified names: how the API model names what a piece of code refers to,
 * however it was imported.
 *
 *   `import { Worker } from 'node:worker_threads'`  ->  "worker_threads:Worker"
 *   `const wt = require('worker_threads'); wt.Worker` -> "worker_threads:Worker"
 *   `import Piscina from 'piscina'`                  ->  "piscina:default"
 *   `new Worker(...)` with no binding in scope       ->  "global:Worker"
 *   `navigator.locks.request`                         ->  "global:navigator.locks.request"
 *   `self.postMessage`, `globalThis.structuredClone` ->  "global:postMessage", "global:structuredClone"
 */
export type QualifiedName = string;

/** Module specifiers that name the same API. */
const modulePrefixAliases: ReadonlyArray<readonly [prefix: string, canonical: string]> = [
  ['pdfjs-dist', 'pdfjs-dist'],
  ['threads/', 'threads'],
  ['comlink/', 'comlink'],
];

export function normalizeModule(specifier: string): string {
  let name = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  for (const [prefix, canonical] of modulePrefixAliases) {
    if (name === canonical || name.startsWith(prefix)) {
      name = canonical;
      break;
    }
  }
  return name;
}

/**
 * The names a qualified name also answers to: a CommonJS module object
 * (`require('m')`, "m:*") is also its default export, and a member of a
 * default export ("m:default.move") is also the module's named export
 * ("m:move"), which is how most packages publish both.
 */
export function nameVariants(name: QualifiedName): QualifiedName[] {
  const variants = [name];
  if (name.endsWith(':*')) variants.push(`${name.slice(0, -2)}:default`);
  const defaultMember = name.indexOf(':default.');
  if (defaultMember !== -1) variants.push(`${name.slice(0, defaultMember)}:${name.slice(defaultMember + ':default.'.length)}`);
  return variants;
}

export function nameMatches(name: QualifiedName | undefined, candidates: ReadonlySet<QualifiedName>): boolean {
  if (name === undefined) return false;
  for (const variant of nameVariants(name)) if (candidates.has(variant)) return true;
  return false;
}

/** Identifiers that refer to the global object itself. */
export const globalObjectNames: ReadonlySet<string> = new Set(['globalThis', 'self', 'window', 'global']);
