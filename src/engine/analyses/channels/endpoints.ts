/**
 * The endpoints of the file's channel creations, and who owns each: where
 * the created value goes decides which endpoints exist (a whole channel, its
 * ports, a field of a class) and their lifetime (local, module, field, dropped).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { className, staticPropertyName } from '../../facts/ast';
import type { EngineInputs } from '../../inputs';
import type { FunctionFlow } from '../../core/flow';
import type { CallNode } from '../../classify/sends';
import type { ChannelKind } from '../../../model/channels';
import { isModuleScope } from './state';
import type { Endpoint, Lifetime } from './findings';

export class EndpointTable {
  readonly all: Endpoint[] = [];
  readonly byPlace = new Map<number, Endpoint[]>();
  /** The binding whose write opens each endpoint (`const port = ...`, `port = ...`). */
  readonly openers = new Map<TSESTree.Identifier, Endpoint[]>();
  private readonly creations = new Set<CallNode>();

  constructor(private readonly inputs: Pick<EngineInputs, 'places' | 'resolver'>) {}

  /** Where the created value goes decides which endpoints exist and who owns them. */
  add(creation: CallNode, kind: ChannelKind, flow: FunctionFlow): void {
    // One creation can be recorded in several segments (a `finally` is walked once per way in).
    if (this.creations.has(creation)) return;
    this.creations.add(creation);
    const { places } = this.inputs;
    // `new MessageChannel().port1` picks one endpoint; the other is dropped unreferenced.
    let value: TSESTree.Node = creation;
    let picked: string | undefined;
    for (;;) {
      const parent: TSESTree.Node | undefined = value.parent;
      if (!parent) return;
      if (
        parent.type === 'AwaitExpression' ||
        parent.type === 'TSAsExpression' ||
        parent.type === 'TSNonNullExpression' ||
        parent.type === 'TSSatisfiesExpression'
      ) {
        value = parent;
        continue;
      }
      if (parent.type === 'MemberExpression' && parent.object === value && picked === undefined) {
        const property = staticPropertyName(parent);
        if (property === undefined || !kind.endpoints.includes(property)) return;
        picked = property;
        value = parent;
        continue;
      }
      break;
    }
    const parent = value.parent!;
    const properties = picked !== undefined ? [undefined] : kind.endpoints.length > 0 ? kind.endpoints : [undefined];
    const made: Endpoint[] = [];
    const add = (endpoint: Omit<Endpoint, 'index' | 'siblings'>): void => {
      const full: Endpoint = { ...endpoint, index: this.all.length, siblings: [] };
      this.all.push(full);
      made.push(full);
      const list = this.byPlace.get(full.place);
      if (list) list.push(full);
      else this.byPlace.set(full.place, [full]);
      if (full.opener) {
        const openers = this.openers.get(full.opener);
        if (openers) openers.push(full);
        else this.openers.set(full.opener, [full]);
      }
    };
    const label = picked ?? undefined;

    if (parent.type === 'VariableDeclarator' && parent.init === value) {
      const declaration = parent.parent;
      if (declaration.kind === 'using' || declaration.kind === 'await using') return;
      if (declaration.parent.type === 'ExportNamedDeclaration') return;
      const lifetime: Lifetime = isModuleScope(declaration) ? 'module' : 'local';
      if (parent.id.type === 'Identifier') {
        const variable = this.inputs.resolver.variableOf(parent.id);
        const root = variable ? places.ofVariable(variable) : undefined;
        if (root === undefined) return;
        for (const property of properties) {
          const place = property === undefined ? root : places.ofPath(root, property)!;
          add({
            place,
            kind,
            creation,
            name: property === undefined ? parent.id.name : `${parent.id.name}.${property}`,
            property: property ?? label,
            reportNode: property === undefined ? parent.id : creation,
            lifetime,
            owner: lifetime === 'local' ? flow : undefined,
            opener: parent.id,
            className: undefined,
          });
        }
      } else if (parent.id.type === 'ObjectPattern' && picked === undefined) {
        for (const property of parent.id.properties) {
          if (property.type !== 'Property' || property.computed || property.key.type !== 'Identifier') continue;
          if (!kind.endpoints.includes(property.key.name)) continue;
          const target = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
          if (target.type !== 'Identifier') continue;
          const variable = this.inputs.resolver.variableOf(target);
          const place = variable ? places.ofVariable(variable) : undefined;
          if (place === undefined) continue;
          add({
            place,
            kind,
            creation,
            name: target.name,
            property: property.key.name,
            reportNode: target,
            lifetime,
            owner: lifetime === 'local' ? flow : undefined,
            opener: target,
            className: undefined,
          });
        }
      }
    } else if (parent.type === 'AssignmentExpression' && parent.right === value && parent.operator === '=') {
      const target = parent.left;
      if (target.type === 'Identifier') {
        const variable = this.inputs.resolver.variableOf(target);
        const root = variable ? places.ofVariable(variable) : undefined;
        if (!variable || root === undefined) return;
        const declaredHere = variable.scope.variableScope.block === flow.node;
        const lifetime: Lifetime = declaredHere && flow.node.type !== 'Program' ? 'local' : 'module';
        for (const property of properties) {
          add({
            place: property === undefined ? root : places.ofPath(root, property)!,
            kind,
            creation,
            name: property === undefined ? target.name : `${target.name}.${property}`,
            property: property ?? label,
            reportNode: creation,
            lifetime,
            owner: lifetime === 'local' ? flow : undefined,
            opener: lifetime === 'local' ? target : undefined,
            className: undefined,
          });
        }
      } else if (target.type === 'MemberExpression' && target.object.type === 'ThisExpression') {
        this.addField(target, creation, kind, properties, label, add);
      }
      // Stored in some other object: handed off to it.
    } else if (parent.type === 'PropertyDefinition' && parent.value === value && !parent.static) {
      const body = parent.parent;
      const key = parent.key.type === 'Identifier' ? parent.key.name : parent.key.type === 'PrivateIdentifier' ? `#${parent.key.name}` : undefined;
      if (key === undefined) return;
      this.addFieldEndpoints(places.ofPath(places.ofThisRoot(body)!, key)!, key, body, creation, kind, properties, label, add);
    } else if (parent.type === 'ExpressionStatement' && kind.endpoints.length === 0) {
      // `new BroadcastChannel('jobs');` on its own: created and dropped, open for good.
      add({
        place: -1 - this.all.length,
        kind,
        creation,
        name: kind.label,
        property: undefined,
        reportNode: creation,
        lifetime: 'dropped',
        owner: undefined,
        opener: undefined,
        className: undefined,
      });
    }
    for (const endpoint of made) endpoint.siblings = made.filter((other) => other !== endpoint);
  }

  private addField(
    target: TSESTree.MemberExpression,
    creation: CallNode,
    kind: ChannelKind,
    properties: ReadonlyArray<string | undefined>,
    label: string | undefined,
    add: (endpoint: Omit<Endpoint, 'index' | 'siblings'>) => void,
  ): void {
    const place = this.inputs.places.of(target);
    const key = staticPropertyName(target);
    if (place === undefined || key === undefined) return;
    let body: TSESTree.Node | undefined = target.parent;
    while (body && body.type !== 'ClassBody') body = body.parent;
    this.addFieldEndpoints(place, key, body as TSESTree.ClassBody | undefined, creation, kind, properties, label, add);
  }

  /** The endpoints of a channel stored in the field `this.<key>` (the field itself, or its ports). */
  private addFieldEndpoints(
    place: number,
    key: string,
    body: TSESTree.ClassBody | undefined,
    creation: CallNode,
    kind: ChannelKind,
    properties: ReadonlyArray<string | undefined>,
    label: string | undefined,
    add: (endpoint: Omit<Endpoint, 'index' | 'siblings'>) => void,
  ): void {
    for (const property of properties) {
      add({
        place: property === undefined ? place : this.inputs.places.ofPath(place, property)!,
        kind,
        creation,
        name: `this.${key}${property === undefined ? '' : `.${property}`}`,
        property: property ?? label,
        reportNode: creation,
        lifetime: 'field',
        owner: undefined,
        opener: undefined,
        className: body ? className(body) : undefined,
      });
    }
  }
}
