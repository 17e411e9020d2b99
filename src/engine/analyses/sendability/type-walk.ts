/**
 * The type walk of a message (checkTypes): what the checker says a value's
 * type holds that structured clone rejects or silently breaks (functions,
 * symbols, class instances, platform objects that cannot be cloned), with
 * the property path to each.
 */
import type * as ts from 'typescript';
import { cloneableTypeNames, uncloneableTypeNames, type Unsendable } from '../../../model/clone';
import type { TypeFacts } from '../../../types/type-info';
import { SummaryMemo } from '../../core/summary-memo';
import { dedupeProblems, functionProblem, maxDepth } from './problems';

export interface TypeProblem {
  readonly path: string[];
  readonly problem: Unsendable;
  readonly classInstance: boolean;
}

export class TypeWalk {
  private readonly results = new SummaryMemo<ts.Type, TypeProblem[]>(() => []);

  constructor(
    private readonly types: TypeFacts,
    private readonly reportClassInstances: boolean,
  ) {}

  /** The unsendable parts of a type, memoized per type (a recursive type asked for again while walked has none). */
  walk(type: ts.Type, depth: number): TypeProblem[] {
    if (depth > maxDepth && !this.results.has(type)) return [];
    return this.results.get(type, () => this.computeTypeProblems(type, depth));
  }

  private computeTypeProblems(type: ts.Type, depth: number): TypeProblem[] {
    const types = this.types;
    const { checker, ts: typescript } = types;
    const { TypeFlags, SymbolFlags, SyntaxKind } = typescript;
    const flags = type.flags;
    // any, unknown, never, type parameters: nothing to say.
    if (flags & (TypeFlags.Any | TypeFlags.Unknown | TypeFlags.Never | TypeFlags.TypeParameter)) return [];
    if (flags & TypeFlags.ESSymbolLike)
      return [{ path: [], problem: { what: 'a symbol', consequence: 'DataCloneError when it is posted' }, classInstance: false }];
    if (type.isUnion()) {
      const all: TypeProblem[] = [];
      for (const member of type.types) all.push(...this.walk(member, depth + 1));
      return dedupeProblems(all).slice(0, 3);
    }
    if (!(flags & TypeFlags.Object)) return []; // not an object type: primitives and literals are fine
    if (type.getCallSignatures().length > 0) return [{ path: [], problem: functionProblem, classInstance: false }];
    const symbol = type.getSymbol() ?? type.aliasSymbol;
    const name = symbol?.getName();
    const declarations = symbol?.getDeclarations() ?? [];
    const platform = declarations.length > 0 && declarations.every((declaration) => types.isPlatformDeclaration(declaration));
    if (name && platform) {
      const uncloneable = uncloneableTypeNames.get(name);
      if (uncloneable) return [{ path: [], problem: uncloneable, classInstance: uncloneable.consequence.startsWith('it arrives') }];
      if (cloneableTypeNames.has(name)) return [];
    }
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      const elements = checker.getTypeArguments(type as ts.TypeReference);
      const all = elements.flatMap((element) => this.walk(element, depth + 1).map((found) => ({ ...found, path: ['[]', ...found.path] })));
      return dedupeProblems(all).slice(0, 3);
    }
    if (platform && (name === 'Map' || name === 'Set' || name === 'ReadonlyMap' || name === 'ReadonlySet')) {
      const args = checker.getTypeArguments(type as ts.TypeReference);
      const all = args.flatMap((arg) => this.walk(arg, depth + 1).map((found) => ({ ...found, path: ['<entry>', ...found.path] })));
      return dedupeProblems(all).slice(0, 3);
    }
    if (platform) return [];
    const problems: TypeProblem[] = [];
    // A class instance loses its methods, getters and #private fields.
    const classDeclaration = declarations.find(
      (declaration) => declaration.kind === SyntaxKind.ClassDeclaration || declaration.kind === SyntaxKind.ClassExpression,
    );
    const properties = checker.getPropertiesOfType(type);
    const methodLike = SymbolFlags.Method | SymbolFlags.GetAccessor | SymbolFlags.SetAccessor;
    if (classDeclaration && this.reportClassInstances) {
      const method = properties.some((property) => property.flags & methodLike);
      if (method)
        problems.push({
          path: [],
          problem: { what: `an instance of class \`${name}\``, consequence: 'it arrives as a plain object without its methods' },
          classInstance: true,
        });
    }
    for (const property of properties.slice(0, 60)) {
      if (property.flags & methodLike) {
        if (!classDeclaration) problems.push({ path: [property.getName()], problem: functionProblem, classInstance: false });
        continue;
      }
      const declaration = property.valueDeclaration ?? property.getDeclarations()?.[0];
      if (!declaration) continue;
      const propertyType = checker.getTypeOfSymbolAtLocation(property, declaration);
      for (const found of this.walk(propertyType, depth + 1)) problems.push({ ...found, path: [property.getName(), ...found.path] });
      if (problems.length >= 5) break;
    }
    return dedupeProblems(problems);
  }
}
