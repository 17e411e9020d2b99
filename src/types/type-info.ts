/**
 * Optional type information. Every analysis works without it; with
 * `parserOptions.projectService` (or `project`) the engine asks the checker to
 * confirm what syntax alone leaves open: is this `postMessage` the platform's
 * (Worker, MessagePort, Window...) or a library's method of the same name; is
 * this value an ArrayBuffer.
 *
 * Created lazily: a file linted without type information never touches the
 * checker, and a file with it pays only for the questions actually asked.
 */
import type { ParserServices, TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';

export interface TypeFacts {
  /** true: the platform's postMessage; false: some other method of that name; undefined: cannot tell. */
  isPlatformPostMessage(callee: TSESTree.MemberExpression): boolean | undefined;
  /** Whether the checker types the expression as an ArrayBuffer. */
  isArrayBuffer(expr: TSESTree.Node): boolean | undefined;
  readonly checker: ts.TypeChecker;
  readonly program: ts.Program;
  /** The TypeScript module the parser uses: its enums (SyntaxKind, TypeFlags) differ between versions. */
  readonly ts: typeof ts;
  tsNodeOf(node: TSESTree.Node): ts.Node;
  typeOf(node: TSESTree.Node): ts.Type;
  /** Whether a declaration comes from the platform's typings (TypeScript's lib files, @types/node). */
  isPlatformDeclaration(declaration: ts.Declaration): boolean;
}

type TypedServices = ParserServices & {
  program: ts.Program;
  esTreeNodeToTSNodeMap: { get(node: TSESTree.Node): ts.Node };
};

export function hasTypeInformation(services: Partial<ParserServices> | undefined): services is TypedServices {
  return services?.program != null && services.esTreeNodeToTSNodeMap != null;
}

/** Typings whose declarations describe the platform's own thread APIs. */
const platformTypingsPattern = /[\\/]node_modules[\\/](?:@types[\\/]node|electron|typescript[\\/]lib)[\\/]/;

export function createTypeFacts(services: TypedServices): TypeFacts {
  const program = services.program;
  const checker = program.getTypeChecker();
  // Type information exists only when TypeScript is installed (an optional peer dependency).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const typescript = require('typescript') as typeof ts;
  const anyOrUnknown = typescript.TypeFlags.Any | typescript.TypeFlags.Unknown;

  const tsNodeOf = (node: TSESTree.Node): ts.Node => services.esTreeNodeToTSNodeMap.get(node);
  const typeOf = (node: TSESTree.Node): ts.Type => checker.getTypeAtLocation(tsNodeOf(node));
  const isPlatformDeclaration = (declaration: ts.Declaration): boolean => {
    const file = declaration.getSourceFile();
    return program.isSourceFileDefaultLibrary(file) || platformTypingsPattern.test(file.fileName);
  };

  return {
    checker,
    program,
    ts: typescript,
    tsNodeOf,
    typeOf,
    isPlatformDeclaration,
    isPlatformPostMessage(callee) {
      const type = typeOf(callee.object);
      if (type.flags & anyOrUnknown) return undefined;
      const property = checker.getPropertyOfType(checker.getApparentType(type), 'postMessage');
      const declarations = property?.getDeclarations();
      if (!declarations || declarations.length === 0) return undefined;
      return declarations.some(isPlatformDeclaration);
    },
    isArrayBuffer(expr) {
      const type = typeOf(expr);
      if (type.flags & anyOrUnknown) return undefined;
      const symbol = type.getSymbol() ?? type.aliasSymbol;
      if (!symbol) return false;
      const name = symbol.getName();
      return (name === 'ArrayBuffer' || name === 'ArrayBufferLike') && (symbol.getDeclarations() ?? []).some(isPlatformDeclaration);
    },
  };
}
