/**
 * What the client emitters share: the statement collector every generated module is built in, and the
 * naming and JSDoc helpers. No emitter lives here.
 */
import {
  type ExportDeclarationStructure,
  type FunctionDeclarationStructure,
  type ImportDeclarationStructure,
  type InterfaceDeclarationStructure,
  type OptionalKind,
  type StatementStructures,
  StructureKind,
  type TypeAliasDeclarationStructure,
  type VariableStatementStructure,
} from 'ts-morph';
import type { Action, Area, Param } from '../model.js';
import { GENERATED_HEADER } from './header.js';

/**
 * Collects one file's statements as ts-morph structures; the file is printed once at the end. (Inserting
 * into a live SourceFile re-parses it after every insert, which made this emitter ten times slower.)
 */
export class FileBuilder {
  readonly statements: Array<string | StatementStructures> = [GENERATED_HEADER];

  constructor(readonly path: string) {}

  addStatements(text: string): void {
    this.statements.push(text);
  }
  addImportDeclaration(s: OptionalKind<ImportDeclarationStructure>): void {
    this.statements.push({ ...s, kind: StructureKind.ImportDeclaration });
  }
  addExportDeclaration(s: OptionalKind<ExportDeclarationStructure>): void {
    this.statements.push({ ...s, kind: StructureKind.ExportDeclaration });
  }
  addInterface(s: OptionalKind<InterfaceDeclarationStructure>): void {
    this.statements.push({ ...s, kind: StructureKind.Interface });
  }
  addTypeAlias(s: OptionalKind<TypeAliasDeclarationStructure>): void {
    this.statements.push({ ...s, kind: StructureKind.TypeAlias });
  }
  addFunction(s: OptionalKind<FunctionDeclarationStructure>): void {
    this.statements.push({ ...s, kind: StructureKind.Function });
  }
  addVariableStatement(s: OptionalKind<VariableStatementStructure>): void {
    this.statements.push({ ...s, kind: StructureKind.VariableStatement });
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
