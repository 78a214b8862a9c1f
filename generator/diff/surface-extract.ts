/**
 * Spec diff, surface: reads the public API out of generated client modules with ts-morph — every exported
 * function (its parameters and return type; a constant of function type counts as one), interface (each member), type alias and constant — and
 * resolves the `operations['id'][…]` types the client uses against the generated `schema.ts`, so that an
 * input or output shows its real shape (`GetCampaignInput.path.campaignGuid: string`), flattened one
 * property per entry. Comments are dropped: only what the type checker sees counts.
 */
import { Node, Project, type SourceFile, ts } from 'ts-morph';

/**
 * `in`: the caller builds it (inputs); `out`: the caller reads it (outputs); `both`: a component used as
 * both; `api`: declarations and calls.
 */
export type Position = 'in' | 'out' | 'both' | 'api';

export interface ParamSig {
  name: string;
  type: string;
  optional: boolean;
}

export interface Entry {
  name: string;
  kind: 'function' | 'interface' | 'type' | 'const' | 'member' | 'property';
  text: string;
  optional: boolean;
  position: Position;
  /** For functions and methods: each overload's parameters and return type. */
  signatures?: Array<{ params: ParamSig[]; returns: string }>;
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

function print(node: ts.Node, sf: ts.SourceFile): string {
  return printer.printNode(ts.EmitHint.Unspecified, node, sf).replace(/\s+/g, ' ').replace(/"/g, "'").trim();
}

function propName(name: ts.PropertyName, sf: ts.SourceFile): string {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return print(name, sf);
}

/** Parsed generated code: the client modules and the schema they index into. */
export class SurfaceReader {
  private readonly project = new Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true });
  private readonly schema: SourceFile;
  readonly entries = new Map<string, Entry>();

  constructor(clientFiles: Map<string, string>, schemaText: string) {
    this.schema = this.project.createSourceFile('schema.ts', schemaText, { overwrite: true });
    for (const [name, text] of clientFiles)
      this.readModule(this.project.createSourceFile(name, text, { overwrite: true }));
    this.readComponents();
  }

  /** The type node at `operations[key0][key1]…` in the schema, or null. */
  private schemaPath(root: string, keys: string[]): { node: ts.TypeNode; sf: ts.SourceFile } | null {
    const decl = this.schema.getInterface(root);
    if (!decl) return null;
    const sf = this.schema.compilerNode;
    let members: ts.NodeArray<ts.TypeElement> = (decl.compilerNode as ts.InterfaceDeclaration).members;
    let node: ts.TypeNode | undefined;
    for (const key of keys) {
      const m = members.find((x) => ts.isPropertySignature(x) && x.name && propName(x.name, sf) === key) as
        | ts.PropertySignature
        | undefined;
      node = m?.type;
      if (!node) return null;
      if (ts.isTypeLiteralNode(node)) members = node.members;
      else members = ts.factory.createNodeArray();
    }
    return node ? { node, sf } : null;
  }

  /** Resolves `operations['id']['parameters']['path']`, `NonNullable<…>['content'][…]` and unions of them. */
  private resolve(typeText: string): Array<{ node: ts.TypeNode; sf: ts.SourceFile }> | null {
    const parts = typeText.split(' | ').map((p) => p.trim());
    const out: Array<{ node: ts.TypeNode; sf: ts.SourceFile }> = [];
    for (const part of parts) {
      const m = /^(?:NonNullable<)?operations((?:\[[^\]]+\])+)>?((?:\[[^\]]+\])*)$/.exec(
        part.replace(/"/g, "'"),
      );
      if (!m) return null;
      const keys = [...`${m[1]}${m[2]}`.matchAll(/\[(?:'([^']*)'|(\d+))\]/g)].map(
        (k) => (k[1] ?? k[2]) as string,
      );
      const found = this.schemaPath('operations', keys);
      if (!found) return null;
      out.push(found);
    }
    return out;
  }

  private add(e: Entry): void {
    this.entries.set(e.name, e);
  }

  /** Adds `name` with the type `typeText`, resolving schema references and flattening object types. */
  private addTyped(
    name: string,
    kind: Entry['kind'],
    typeNode: ts.TypeNode | undefined,
    sf: ts.SourceFile,
    optional: boolean,
    position: Position,
  ): void {
    if (!typeNode) {
      this.add({ name, kind, text: 'any', optional, position });
      return;
    }
    const text = print(typeNode, sf);
    const resolved = this.resolve(text);
    if (resolved && resolved.length === 1) {
      const only = resolved[0] as { node: ts.TypeNode; sf: ts.SourceFile };
      this.flatten(name, kind, only.node, only.sf, optional, position);
    } else if (resolved) {
      this.add({
        name,
        kind,
        text: resolved.map((r) => print(r.node, r.sf)).join(' | '),
        optional,
        position,
      });
    } else this.flatten(name, kind, typeNode, sf, optional, position);
  }

  private flatten(
    name: string,
    kind: Entry['kind'],
    node: ts.TypeNode,
    sf: ts.SourceFile,
    optional: boolean,
    position: Position,
  ): void {
    if (!ts.isTypeLiteralNode(node)) {
      this.add({ name, kind, text: print(node, sf), optional, position });
      return;
    }
    this.add({ name, kind, text: '{…}', optional, position });
    for (const m of node.members) {
      if (ts.isPropertySignature(m) && m.name)
        this.flatten(
          `${name}.${propName(m.name, sf)}`,
          'property',
          m.type ?? ts.factory.createKeywordTypeNode(ts.SyntaxKind.AnyKeyword),
          sf,
          m.questionToken !== undefined,
          position,
        );
      else
        this.add({
          name: `${name}[${print(m, sf)
            .replace(/:.*$/, '')
            .replace(/^\[|\]$/g, '')}]`,
          kind: 'property',
          text: print(m, sf),
          optional: false,
          position,
        });
    }
  }

  private signature(
    params: ts.NodeArray<ts.ParameterDeclaration>,
    returns: ts.TypeNode | undefined,
    sf: ts.SourceFile,
  ) {
    return {
      params: params.map((p) => ({
        name: print(p.name, sf),
        type: p.type ? print(p.type, sf) : 'any',
        optional:
          p.questionToken !== undefined || p.initializer !== undefined || p.dotDotDotToken !== undefined,
      })),
      returns: returns ? print(returns, sf) : 'void',
    };
  }

  /**
   * The signature of `HubSpotAction<[input: I, options?: O], Output>` as a caller with a `HubSpotCore` sees it:
   * `(core: HubSpotCore, input: I, options?: O) => Promise<Output>` (a result core only wraps the output).
   */
  private actionSignature(t: ts.TypeNode, sf: ts.SourceFile) {
    if (!ts.isTypeReferenceNode(t) || t.typeName.getText(sf) !== 'HubSpotAction') return undefined;
    const [args, output] = t.typeArguments ?? [];
    if (!args || !output || !ts.isTupleTypeNode(args)) return undefined;
    const params: ParamSig[] = [{ name: 'core', type: 'HubSpotCore', optional: false }];
    for (const [i, e] of args.elements.entries()) {
      const named = ts.isNamedTupleMember(e);
      params.push({
        name: named ? e.name.text : `arg${i}`,
        type: print(named ? e.type : e, sf),
        optional: (named && e.questionToken !== undefined) || ts.isOptionalTypeNode(e),
      });
    }
    return { params, returns: `Promise<${print(output, sf)}>` };
  }

  private readModule(file: SourceFile): void {
    const sf = file.compilerNode;
    for (const stmt of file.getStatements()) {
      if (Node.isFunctionDeclaration(stmt) && stmt.hasExportKeyword() && stmt.getName()) {
        const name = stmt.getName() as string;
        const overloads = stmt.getOverloads();
        const decls = overloads.length ? overloads : [stmt];
        const signatures = decls.map((d) =>
          this.signature(
            (d.compilerNode as ts.FunctionDeclaration).parameters,
            (d.compilerNode as ts.FunctionDeclaration).type,
            sf,
          ),
        );
        this.add({
          name,
          kind: 'function',
          text: signatures.map(showSignature).join('; '),
          optional: false,
          position: 'api',
          signatures,
        });
      } else if (Node.isInterfaceDeclaration(stmt) && stmt.hasExportKeyword()) {
        const name = stmt.getName();
        const position: Position = /Input$/.test(name) ? 'in' : /Output$|Item$/.test(name) ? 'out' : 'api';
        const node = stmt.compilerNode;
        const heritage = (node.heritageClauses ?? []).map((h) => print(h, sf)).join(' ');
        this.add({
          name,
          kind: 'interface',
          text: `interface${heritage ? ` ${heritage}` : ''}`,
          optional: false,
          position,
        });
        for (const m of node.members) {
          if (ts.isPropertySignature(m) && m.name)
            this.addTyped(
              `${name}.${propName(m.name, sf)}`,
              'property',
              m.type,
              sf,
              m.questionToken !== undefined,
              position,
            );
          else if (ts.isMethodSignature(m) && m.name) {
            const sig = this.signature(m.parameters, m.type, sf);
            const generics = m.typeParameters
              ? `<${m.typeParameters.map((t) => print(t, sf)).join(', ')}>`
              : '';
            this.add({
              name: `${name}.${propName(m.name, sf)}`,
              kind: 'member',
              text: `${generics}${showSignature(sig)}`,
              optional: m.questionToken !== undefined,
              position: 'api',
              signatures: [sig],
            });
          }
        }
      } else if (Node.isTypeAliasDeclaration(stmt) && stmt.hasExportKeyword()) {
        const name = stmt.getName();
        const position: Position = /Input$/.test(name) ? 'in' : /Output$|Item$/.test(name) ? 'out' : 'api';
        const node = stmt.compilerNode;
        const generics = node.typeParameters
          ? `<${node.typeParameters.map((t) => print(t, sf)).join(', ')}>`
          : '';
        if (generics)
          this.add({
            name,
            kind: 'type',
            text: `${generics} = ${print(node.type, sf)}`,
            optional: false,
            position,
          });
        else this.addTyped(name, 'type', node.type, sf, false, position);
      } else if (Node.isVariableStatement(stmt) && stmt.hasExportKeyword()) {
        for (const d of stmt.getDeclarations()) {
          const t = d.compilerNode.type;
          const fnSignature =
            t === undefined
              ? undefined
              : ts.isFunctionTypeNode(t)
                ? this.signature(t.parameters, t.type, sf)
                : this.actionSignature(t, sf);
          if (fnSignature) {
            // A generated action (`export const getCampaign: HubSpotAction<[input, options?], Output> = action(...)`)
            // or paginator (`(core, input, options) => AsyncGenerator<...>`) is a function to its callers:
            // compared by its parameters and return type.
            const signatures = [fnSignature];
            this.add({
              name: d.getName(),
              kind: 'function',
              text: signatures.map(showSignature).join('; '),
              optional: false,
              position: 'api',
              signatures,
            });
            continue;
          }
          this.add({
            name: d.getName(),
            kind: 'const',
            text: t ? print(t, sf) : 'unknown',
            optional: false,
            position: 'out',
          });
        }
      }
    }
  }

  /** `components.schemas.Name` (and parameters, responses, …) for the components present in the schema. */
  private readComponents(): void {
    const decl = this.schema.getInterface('components');
    if (!decl) return;
    const sf = this.schema.compilerNode;
    for (const kind of (decl.compilerNode as ts.InterfaceDeclaration).members) {
      if (!ts.isPropertySignature(kind) || !kind.name || !kind.type || !ts.isTypeLiteralNode(kind.type))
        continue;
      const kindName = propName(kind.name, sf);
      for (const m of kind.type.members)
        if (ts.isPropertySignature(m) && m.name && m.type)
          this.flatten(`components.${kindName}.${propName(m.name, sf)}`, 'type', m.type, sf, false, 'api');
    }
  }
}

export function showSignature(s: { params: ParamSig[]; returns: string }): string {
  return `(${s.params.map((p) => `${p.name}${p.optional ? '?' : ''}: ${p.type}`).join(', ')}) => ${s.returns}`;
}
