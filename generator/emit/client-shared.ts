/**
 * What the client emitters share: the statement collector every generated module is built in (a small
 * printer for the declarations the client needs), and the naming and JSDoc helpers. No emitter lives here.
 */
import type { Action, Area, Param } from '../model.js';
import { GENERATED_HEADER } from './header.js';

/** A JSDoc block: one string per block, lines separated by `\n`. */
type Docs = readonly string[] | undefined;

export interface ParameterSpec {
  name: string;
  type: string;
  hasQuestionToken?: boolean | undefined;
  initializer?: string | undefined;
}

export interface PropertySpec {
  name: string;
  type: string;
  hasQuestionToken?: boolean;
  isReadonly?: boolean;
  docs?: Docs;
}

export interface MethodSpec {
  name: string;
  typeParameters?: readonly string[];
  parameters: readonly ParameterSpec[];
  returnType: string;
  docs?: Docs;
}

export interface FunctionSpec {
  name: string;
  isExported?: boolean;
  typeParameters?: readonly string[];
  parameters: readonly ParameterSpec[];
  returnType: string;
  statements: readonly string[];
  docs?: Docs;
  overloads?: ReadonlyArray<Pick<FunctionSpec, 'parameters' | 'returnType' | 'docs'>>;
}

function jsDoc(docs: Docs, indent = ''): string {
  if (docs === undefined) return '';
  return docs
    .map((text) => {
      const lines = text.split('\n');
      if (lines.length === 1) return `${indent}/** ${text} */\n`;
      return `${indent}/**\n${lines.map((l) => `${indent} *${l === '' ? '' : ` ${l}`}`).join('\n')}\n${indent} */\n`;
    })
    .join('');
}

const typeParams = (params: readonly string[] | undefined): string =>
  params && params.length > 0 ? `<${params.join(', ')}>` : '';

function parameterList(params: readonly ParameterSpec[]): string {
  return params
    .map(
      (p) =>
        `${p.name}${p.hasQuestionToken ? '?' : ''}: ${p.type}${p.initializer === undefined ? '' : ` = ${p.initializer}`}`,
    )
    .join(', ');
}

const exported = (isExported: boolean | undefined): string => (isExported ? 'export ' : '');

/**
 * Collects one file's statements as TypeScript text; Biome formats the file afterwards (format.ts), so the
 * text only has to be valid, not pretty. Plain strings: the generator needs no TypeScript compiler to print.
 */
export class FileBuilder {
  /** Each statement's text, and whether it is a block (interface, function) set off by blank lines. */
  private readonly statements: Array<{ text: string; block: boolean }> = [];

  constructor(readonly path: string) {}

  /** The file's text: the banner, then the statements, blocks set off by blank lines. */
  text(): string {
    let out = GENERATED_HEADER;
    this.statements.forEach((s, i) => {
      const previous = this.statements[i - 1];
      if (previous !== undefined) out += previous.block || s.block ? '\n\n' : '\n';
      out += s.text;
    });
    return `${out}\n`;
  }

  private push(text: string, block = false): void {
    this.statements.push({ text, block });
  }

  addStatements(text: string): void {
    this.push(text);
  }
  addImportDeclaration(s: {
    moduleSpecifier: string;
    namedImports: readonly string[];
    isTypeOnly?: boolean;
  }): void {
    this.push(
      `import ${s.isTypeOnly ? 'type ' : ''}{ ${s.namedImports.join(', ')} } from '${s.moduleSpecifier}';`,
    );
  }
  addExportDeclaration(s: {
    moduleSpecifier: string;
    namedExports?: readonly string[];
    isTypeOnly?: boolean;
  }): void {
    const what = s.namedExports === undefined ? '*' : `{ ${s.namedExports.join(', ')} }`;
    this.push(`export ${s.isTypeOnly ? 'type ' : ''}${what} from '${s.moduleSpecifier}';`);
  }
  addInterface(s: {
    name: string;
    isExported?: boolean;
    docs?: Docs;
    extends?: readonly string[];
    properties?: readonly PropertySpec[];
    methods?: readonly MethodSpec[];
  }): void {
    const members = [
      ...(s.properties ?? []).map(
        (p) =>
          `${jsDoc(p.docs, '  ')}  ${p.isReadonly ? 'readonly ' : ''}${p.name}${p.hasQuestionToken ? '?' : ''}: ${p.type};`,
      ),
      ...(s.methods ?? []).map(
        (m) =>
          `${jsDoc(m.docs, '  ')}  ${m.name}${typeParams(m.typeParameters)}(${parameterList(m.parameters)}): ${m.returnType};`,
      ),
    ];
    const heritage = s.extends && s.extends.length > 0 ? ` extends ${s.extends.join(', ')}` : '';
    this.push(
      `${jsDoc(s.docs)}${exported(s.isExported)}interface ${s.name}${heritage} {\n${members.join('\n')}\n}`,
      true,
    );
  }
  addTypeAlias(s: {
    name: string;
    isExported?: boolean;
    docs?: Docs;
    typeParameters?: readonly string[];
    type: string;
  }): void {
    this.push(
      `${jsDoc(s.docs)}${exported(s.isExported)}type ${s.name}${typeParams(s.typeParameters)} = ${s.type};`,
    );
  }
  addFunction(s: FunctionSpec): void {
    const head = `${exported(s.isExported)}function ${s.name}${typeParams(s.typeParameters)}`;
    const overloads = (s.overloads ?? []).map(
      (o) => `${jsDoc(o.docs)}${head}(${parameterList(o.parameters)}): ${o.returnType};\n`,
    );
    this.push(
      `${jsDoc(s.docs)}${overloads.join('')}${head}(${parameterList(s.parameters)}): ${s.returnType} {\n${s.statements.join('\n')}\n}`,
      true,
    );
  }
  addVariableStatement(s: {
    isExported?: boolean;
    docs?: Docs;
    declarations: ReadonlyArray<{ name: string; type?: string; initializer: string }>;
  }): void {
    const decls = s.declarations.map((d) => `${d.name}${d.type ? `: ${d.type}` : ''} = ${d.initializer}`);
    this.push(`${jsDoc(s.docs)}${exported(s.isExported)}const ${decls.join(', ')};`);
  }
}

/** `getCampaign` -> `GetCampaign`. */
export const pascal = (id: string): string => id[0]?.toUpperCase() + id.slice(1);

/** Escapes text for a JSDoc block. */
export function doc(text: string): string {
  return text.replaceAll('*/', '*\\/').trim();
}

/** The action's section in the generated docs, relative to `client/`. */
export function docLink(area: Area, action: Action): string {
  return `../docs/${area.slug}.md#${action.id.toLowerCase()}`;
}

export function hasRequired(params: Param[], where: Param['in']): boolean {
  return params.some((p) => p.in === where && p.required);
}

/** True when the caller may omit the input object. */
export function inputOptional(action: Action): boolean {
  return (
    !hasRequired(action.params, 'path') &&
    !hasRequired(action.params, 'query') &&
    !(action.requestBody?.required ?? false)
  );
}

/** The per-call options type of an action. */
export function optionsType(action: Action): string {
  return action.batch ? 'RequestOptions & BatchOptions' : 'RequestOptions';
}

/** The per-call options of the paginators. */
export const PAGE_OPTIONS = 'RequestOptions & PageLimits';
