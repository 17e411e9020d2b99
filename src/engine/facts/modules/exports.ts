/**
 * A module's export table, read from its AST: which function each exported
 * name is, and which names lead to another module.
 *
 *   export function ship(buf) {}              // ship -> the declaration
 *   export const send = (buf) => {};          // send -> the arrow
 *   export { ship as post };                  // post -> ship's declaration
 *   export default ship;                      // default -> ship's declaration
 *   export { pool as run } from './pool';     // run -> ./pool's `pool`
 *   import { q } from './q'; export { q };    // q -> ./q's `q`
 *   export * from './all';                    // every other name: ./all
 *   module.exports = { ship };                // ship (CommonJS)
 *   exports.ship = ship;                      // ship
 *   module.exports = ship;                    // `*` and `default`
 *   export = ship;                            // the same (TypeScript)
 *   export class Pool { run(task) {} }        // Pool#run -> the method (importers call it on `new Pool()`)
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, propertyKeyName, skipWrappers, staticPropertyName, type FunctionNode } from '../ast';
import { findMethod, type Resolver } from '../resolve';
import { isRelativeSpecifier } from './specifier';

export interface ExportTable {
  readonly functions: ReadonlyMap<string, FunctionNode>;
  /**
   * Module-level bindings by the name they are exported as (the first, for a binding exported twice):
   * `export const dbLock = new Mutex()`, `export { m as dbLock }`, `export default journal`.
   */
  readonly bindings: ReadonlyMap<string, string>;
  readonly reexports: ReadonlyMap<string, { readonly specifier: string; readonly name: string }>;
  readonly stars: readonly string[];
}

/** One table per program: the module summary, the lock identities and the lock graph all read it. */
const tables = new WeakMap<TSESTree.Program, ExportTable>();

export function exportTableOf(program: TSESTree.Program, resolver: Resolver): ExportTable {
  let table = tables.get(program);
  if (!table) {
    table = readExportTable(program, resolver);
    tables.set(program, table);
  }
  return table;
}

function readExportTable(program: TSESTree.Program, resolver: Resolver): ExportTable {
  const functions = new Map<string, FunctionNode>();
  const reexports = new Map<string, { specifier: string; name: string }>();
  const stars: string[] = [];
  const bindings = new Map<string, string>();
  const exportBinding = (local: string, exported: string): void => {
    if (!bindings.has(local)) bindings.set(local, exported);
  };

  /** An exported class's instance methods, as `Class#method`: what a call on an instance the importer creates runs. */
  const exportClass = (name: string, klass: TSESTree.ClassDeclaration | TSESTree.ClassExpression): void => {
    for (const member of klass.body.body) {
      if ((member.type !== 'MethodDefinition' && member.type !== 'PropertyDefinition') || member.static) continue;
      if (member.type === 'MethodDefinition' && member.kind !== 'method') continue;
      const method = propertyKeyName(member);
      // The method as calls on an instance find it (findMethod skips overload signatures, which have no body).
      const fn = method === undefined ? undefined : findMethod(klass.body, method);
      if (fn && (member.value as TSESTree.Node | null) === fn) functions.set(`${name}#${method}`, fn);
    }
  };

  /** An exported name bound to an expression of this module: a function, a class, or an import it passes on. */
  const exportValue = (name: string, expr: TSESTree.Node): void => {
    const node = skipWrappers(expr);
    if (isFunctionNode(node)) {
      functions.set(name, node);
      return;
    }
    if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') {
      exportClass(name, node);
      return;
    }
    if (node.type !== 'Identifier') return;
    const variable = resolver.variableOf(node);
    // `class Pool {}` ... `export { Pool }`, `module.exports = { Pool }`.
    const declared = resolver.declaredClass(node);
    if (declared) {
      exportClass(name, declared);
      return;
    }
    const definition = variable && resolver.singleDefinition(variable);
    if (definition?.kind === 'function') {
      functions.set(name, definition.node);
      return;
    }
    if (definition?.kind === 'import') {
      // Bare ones too: a module's importers may resolve them (tsconfig `paths`), and follow nothing otherwise.
      const imported = splitQualifiedName(definition.name, true);
      if (imported && imported.name !== '*') reexports.set(name, imported);
      return;
    }
    const value = resolver.resolveValue(node);
    if (value.path.length === 0 && isFunctionNode(value.expr)) functions.set(name, value.expr);
  };

  for (const statement of program.body) {
    switch (statement.type) {
      case 'ExportNamedDeclaration': {
        if (statement.exportKind === 'type') break;
        const declaration = statement.declaration;
        if (declaration?.type === 'FunctionDeclaration' && declaration.id) functions.set(declaration.id.name, declaration);
        if (declaration?.type === 'ClassDeclaration' && declaration.id) exportClass(declaration.id.name, declaration);
        if (declaration?.type === 'VariableDeclaration') {
          for (const declarator of declaration.declarations) {
            if (declarator.id.type === 'Identifier') exportBinding(declarator.id.name, declarator.id.name);
            if (declarator.id.type === 'Identifier' && declarator.init) exportValue(declarator.id.name, declarator.init);
          }
        }
        for (const specifier of statement.specifiers) {
          if (specifier.exportKind === 'type') continue;
          const exported = moduleExportName(specifier.exported);
          if (statement.source) {
            reexports.set(exported, { specifier: String(statement.source.value), name: moduleExportName(specifier.local) });
          } else if (specifier.local.type === 'Identifier') {
            exportBinding(specifier.local.name, exported);
            exportValue(exported, specifier.local);
          }
        }
        break;
      }
      case 'ExportDefaultDeclaration':
        if (statement.declaration.type === 'Identifier') exportBinding(statement.declaration.name, 'default');
        exportValue('default', statement.declaration);
        break;
      case 'ExportAllDeclaration':
        // `export * as ns from './x'` exports a namespace object, not its functions: not followed.
        if (!statement.exported && statement.exportKind !== 'type') stars.push(String(statement.source.value));
        break;
      case 'ExpressionStatement':
        commonJsExport(statement.expression, exportValue);
        break;
      case 'TSExportAssignment':
        // `export = ship`: what `import ship = require('./x')` and `require('./x')` give.
        exportValue('*', statement.expression);
        exportValue('default', statement.expression);
        break;
      default:
        break;
    }
  }
  return { functions, bindings, reexports, stars };
}

/** `module.exports = { ship }`, `module.exports = ship`, `exports.ship = ...`, `module.exports.ship = ...`. */
function commonJsExport(expression: TSESTree.Expression, exportValue: (name: string, expr: TSESTree.Node) => void): void {
  if (expression.type !== 'AssignmentExpression' || expression.operator !== '=' || expression.left.type !== 'MemberExpression') return;
  const left = expression.left;
  if (isModuleExports(left)) {
    const right = skipWrappers(expression.right);
    if (right.type === 'ObjectExpression') {
      for (const property of right.properties) {
        if (property.type !== 'Property' || property.computed || property.kind !== 'init') continue;
        const key = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : undefined;
        if (key !== undefined) exportValue(key, property.value);
      }
      return;
    }
    exportValue('*', right);
    exportValue('default', right);
    return;
  }
  const name = staticPropertyName(left);
  if (name === undefined) return;
  const object = skipWrappers(left.object);
  if ((object.type === 'Identifier' && object.name === 'exports') || (object.type === 'MemberExpression' && isModuleExports(object))) {
    exportValue(name, expression.right);
  }
}

function isModuleExports(node: TSESTree.MemberExpression): boolean {
  const object = skipWrappers(node.object);
  return object.type === 'Identifier' && object.name === 'module' && staticPropertyName(node) === 'exports';
}

function moduleExportName(node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === 'Identifier' ? node.name : node.value;
}

/**
 * `./transport:ship` (a qualified name of an import, see model/names.ts) -> the specifier and the export; others
 * undefined. Relative specifiers only, unless `bare` (`@app/transport:ship`, resolved with type information).
 */
export function splitQualifiedName(name: string, bare = false): { specifier: string; name: string } | undefined {
  // The export is an identifier (or `*`, `default`): the specifier is everything before the last colon (`node:fs:open`).
  const colon = name.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const specifier = name.slice(0, colon);
  const exported = name.slice(colon + 1);
  if (!(bare || isRelativeSpecifier(specifier)) || exported.length === 0 || exported.includes('.')) return undefined;
  return { specifier, name: exported };
}
