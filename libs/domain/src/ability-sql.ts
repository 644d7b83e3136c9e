/**
 * Turns the ability's rules for (action, subject type) into a parameterised SQL `WHERE`
 * fragment for list and fetch queries, so the api never loads rows and filters them after.
 * CASL flattens its rules (later `cannot`s over earlier `can`s) with `rulesToAST`; this file
 * only prints that condition tree as PostgreSQL.
 *
 * Semantics: a row passes the fragment exactly when `ability.can(action, row)` is true, with
 * SQL NULL standing for a missing or null field. Positive comparisons may yield NULL, which a
 * WHERE treats as false, just as CASL does; every negation is written `(…) IS NOT TRUE` or
 * `IS DISTINCT FROM`, so a NULL never turns a "not" into a silent refusal. Equality and
 * membership keep the plain `col = $n`, `col = ANY($n)` (B-tree) and `col && $n` (GIN) forms
 * that indexes serve; `$n = ANY(col)` (equality on an array field, unused by today's rules)
 * does not use a GIN index.
 *
 * | condition | scalar column | array column (`array: true`) |
 * | --- | --- | --- |
 * | `{ f: v }`, `$eq` | `col = $n` | `$n = ANY(col)` |
 * | `{ f: null }` | `col IS NULL` | unsupported |
 * | `$ne: v` | `col IS DISTINCT FROM $n` | `($n = ANY(col)) IS NOT TRUE` |
 * | `$ne: null` | `col IS NOT NULL` | unsupported |
 * | `$in: [...]` | `col = ANY($n)` (`OR col IS NULL` if the list holds null) | `col && $n` |
 * | `$nin: [...]` | `(<$in form>) IS NOT TRUE` | `(col && $n) IS NOT TRUE` |
 * | inverted rule | `(…) IS NOT TRUE` | |
 * | no rule allows | `FALSE` | |
 * | unconditional rule | `TRUE` | |
 *
 * Column expressions come from the caller's code and are pasted verbatim; values are always
 * parameters. Error contract: throws DomainError `unmapped-field` for a rule field missing from
 * the column map and `unsupported-condition` for any other operator or value shape; otherwise
 * returns a fragment.
 */
import { rulesToAST } from '@casl/ability/extra';
import { type AppAbility } from './ability';
import { DomainError, RuleError } from './errors';
import { type ActionOn, type SubjectMap, type SubjectName } from './subjects';

export interface ScalarColumn {
  readonly sql: string;
  readonly array?: false;
}

/** A PostgreSQL array column (e.g. `uuid[]`): equality means "contains", `$in` means "overlaps". */
export interface ArrayColumn {
  readonly sql: string;
  readonly array: true;
}

type ColumnFor<V> = V extends readonly unknown[] ? ArrayColumn : string | ScalarColumn;

/** Subject field → SQL expression. Array-valued fields must be declared as array columns. */
export type SqlColumnMap<S extends SubjectName> = {
  readonly [K in keyof SubjectMap[S] & string]?: ColumnFor<SubjectMap[S][K]>;
};

export interface SqlWhere {
  readonly sql: string;
  readonly params: readonly unknown[];
}

export interface SqlWhereOptions {
  /** Number of parameters already in the query: the first placeholder is `$(paramOffset + 1)`. */
  readonly paramOffset?: number;
}

type ConditionNode = NonNullable<ReturnType<typeof rulesToAST>>;
type Scalar = string | number | boolean;

interface Printer {
  readonly columns: Readonly<Record<string, string | ScalarColumn | ArrayColumn | undefined>>;
  readonly offset: number;
  readonly params: unknown[];
}

export const SQL_TRUE = 'TRUE';
export const SQL_FALSE = 'FALSE';

export function accessibleWhere<S extends SubjectName>(
  ability: AppAbility,
  action: ActionOn<S>,
  subjectType: S,
  columns: SqlColumnMap<S>,
  options: SqlWhereOptions = {},
): SqlWhere {
  const offset = options.paramOffset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) {
    throw new DomainError(RuleError.InvalidInput, 'paramOffset must be a non-negative integer', { field: 'paramOffset' });
  }
  // rulesToAST wants the subject type of the tuple union; the pair is consistent by construction.
  const ast = rulesToAST(ability, action as never, subjectType as never);
  if (ast === null) return { sql: SQL_FALSE, params: [] };
  const printer: Printer = { columns, offset, params: [] };
  return { sql: print(ast, printer), params: printer.params };
}

function print(node: ConditionNode, p: Printer): string {
  if ('field' in node) return printField(node.operator, String(node.field), node.value, p);
  const children = node.value;
  if (!Array.isArray(children)) throw unsupported(`document condition "${node.operator}"`);
  const parts = (children as ConditionNode[]).map((child) => print(child, p));
  switch (node.operator) {
    case 'and':
      return join(parts, 'AND', SQL_TRUE);
    case 'or':
      return join(parts, 'OR', SQL_FALSE);
    case 'not':
      if (parts.length !== 1) throw unsupported('"not" with several conditions');
      return negate(parts[0] as string);
    default:
      throw unsupported(`operator "${node.operator}"`);
  }
}

function join(parts: string[], glue: 'AND' | 'OR', empty: string): string {
  if (parts.length === 0) return empty;
  if (parts.length === 1) return parts[0] as string;
  return `(${parts.join(` ${glue} `)})`;
}

function negate(sql: string): string {
  return `(${sql}) IS NOT TRUE`;
}

function printField(operator: string, field: string, value: unknown, p: Printer): string {
  const spec = p.columns[field];
  if (spec === undefined) {
    throw new DomainError(RuleError.UnmappedField, `No SQL column given for field "${field}"`, { field });
  }
  const column = typeof spec === 'string' ? spec : spec.sql;
  const isArray = typeof spec !== 'string' && spec.array === true;
  switch (operator) {
    case 'eq':
      return eq(column, isArray, value, p, field);
    case 'ne':
      return ne(column, isArray, value, p, field);
    case 'in':
      return within(column, isArray, value, p, field);
    case 'nin':
      return negate(within(column, isArray, value, p, field));
    default:
      throw unsupported(`operator "${operator}" on field "${field}"`);
  }
}

function eq(column: string, isArray: boolean, value: unknown, p: Printer, field: string): string {
  if (value === null) {
    if (isArray) throw unsupported(`null comparison on array field "${field}"`);
    return `${column} IS NULL`;
  }
  const param = bind(scalar(value, field), p);
  return isArray ? `${param} = ANY(${column})` : `${column} = ${param}`;
}

function ne(column: string, isArray: boolean, value: unknown, p: Printer, field: string): string {
  if (isArray) return negate(eq(column, isArray, value, p, field));
  if (value === null) return `${column} IS NOT NULL`;
  return `${column} IS DISTINCT FROM ${bind(scalar(value, field), p)}`;
}

function within(column: string, isArray: boolean, value: unknown, p: Printer, field: string): string {
  if (!Array.isArray(value)) throw unsupported(`$in without a list on field "${field}"`);
  const values = value.filter((v) => v !== null).map((v) => scalar(v, field));
  const hasNull = values.length !== value.length;
  if (isArray) {
    if (hasNull) throw unsupported(`null in $in on array field "${field}"`);
    return `${column} && ${bind(values, p)}`;
  }
  const member = `${column} = ANY(${bind(values, p)})`;
  return hasNull ? `(${member} OR ${column} IS NULL)` : member;
}

function scalar(value: unknown, field: string): Scalar {
  if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
    return value;
  }
  throw unsupported(`value of type ${value === null ? 'null' : typeof value} on field "${field}"`);
}

function bind(value: Scalar | Scalar[], p: Printer): string {
  p.params.push(value);
  return `$${p.offset + p.params.length}`;
}

function unsupported(what: string): DomainError {
  return new DomainError(RuleError.UnsupportedCondition, `Cannot translate ${what} to SQL`, { what });
}
