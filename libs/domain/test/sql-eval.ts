/**
 * A tiny evaluator for the SQL that ability-sql.ts prints, with PostgreSQL's three-valued
 * logic, so tests can compare the SQL's verdict on a row with `ability.can`. It parses only
 * that subset and throws on anything else, so a change in the printer cannot pass unnoticed.
 * A real-PostgreSQL check lives with the api's repositories.
 *
 * Grammar: expr := and ('OR' and)*; and := test ('AND' test)*;
 * test := primary [ 'IS' ['NOT'] ('TRUE' | 'NULL') | 'IS' 'DISTINCT' 'FROM' operand
 *                  | '=' ('ANY' '(' operand ')' | operand) | '&&' operand ];
 * primary := '(' expr ')' | 'TRUE' | 'FALSE' | operand; operand := column | $n
 */

type SqlValue = string | number | boolean | null | readonly (string | number | boolean | null)[];
type Truth = boolean | null;

const TOKEN = /\s*(\(|\)|&&|=|\$\d+|[A-Za-z_][A-Za-z0-9_.]*)/y;

function tokenize(sql: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < sql.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(sql);
    if (!match || match[1] === undefined) {
      if (/^\s*$/.test(sql.slice(start))) break;
      throw new Error(`Unexpected SQL at ${start}: ${sql.slice(start, start + 20)}`);
    }
    tokens.push(match[1]);
  }
  return tokens;
}

const KEYWORDS = new Set(['AND', 'OR', 'IS', 'NOT', 'TRUE', 'FALSE', 'NULL', 'DISTINCT', 'FROM', 'ANY']);

const and3 = (a: Truth, b: Truth): Truth => (a === false || b === false ? false : a === null || b === null ? null : true);
const or3 = (a: Truth, b: Truth): Truth => (a === true || b === true ? true : a === null || b === null ? null : false);

function eq3(a: SqlValue, b: SqlValue): Truth {
  if (a === null || b === null) return null;
  if (Array.isArray(a) || Array.isArray(b)) throw new Error('= between arrays is not in the subset');
  return a === b;
}

function anyEq(a: SqlValue, list: SqlValue): Truth {
  if (list === null) return null;
  if (!Array.isArray(list)) throw new Error('ANY needs an array');
  let result: Truth = false;
  for (const item of list) result = or3(result, eq3(a, item as SqlValue));
  return result;
}

function overlaps(a: SqlValue, b: SqlValue): Truth {
  if (a === null || b === null) return null;
  if (!Array.isArray(a) || !Array.isArray(b)) throw new Error('&& needs arrays');
  return a.some((x) => x !== null && b.includes(x));
}

/** Evaluates `sql` against a row (column expression → value) and parameters ($1 = params[0]). */
export function evaluateSql(sql: string, row: Readonly<Record<string, SqlValue>>, params: readonly unknown[]): Truth {
  const tokens = tokenize(sql);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const next = (): string => {
    const token = tokens[pos++];
    if (token === undefined) throw new Error('Unexpected end of SQL');
    return token;
  };
  const expect = (token: string): void => {
    const got = next();
    if (got !== token) throw new Error(`Expected ${token}, got ${got}`);
  };

  const operand = (): SqlValue => {
    const token = next();
    if (token.startsWith('$')) {
      const index = Number(token.slice(1)) - 1;
      if (!(index in params)) throw new Error(`No parameter ${token}`);
      return params[index] as SqlValue;
    }
    if (KEYWORDS.has(token) || !(token in row)) throw new Error(`Unknown column ${token}`);
    return row[token] as SqlValue;
  };

  type Primary = { kind: 'truth'; value: Truth } | { kind: 'value'; value: SqlValue };

  const primary = (): Primary => {
    const token = peek();
    if (token === '(') {
      next();
      const value = expr();
      expect(')');
      return { kind: 'truth', value };
    }
    if (token === 'TRUE' || token === 'FALSE') {
      next();
      return { kind: 'truth', value: token === 'TRUE' };
    }
    return { kind: 'value', value: operand() };
  };

  const test = (): Truth => {
    const left = primary();
    const token = peek();
    if (token === 'IS') {
      next();
      if (peek() === 'DISTINCT') {
        next();
        expect('FROM');
        if (left.kind !== 'value') throw new Error('IS DISTINCT FROM needs a value');
        const right = operand();
        if (left.value === null || right === null) return left.value !== right;
        return eq3(left.value, right) === false;
      }
      const negated = peek() === 'NOT' ? (next(), true) : false;
      const what = next();
      let holds: boolean;
      if (what === 'TRUE') {
        if (left.kind !== 'truth') throw new Error('IS TRUE needs a boolean');
        holds = left.value === true;
      } else if (what === 'NULL') {
        if (left.kind !== 'value') throw new Error('IS NULL needs a value');
        holds = left.value === null;
      } else {
        throw new Error(`IS ${what} is not in the subset`);
      }
      return negated ? !holds : holds;
    }
    if (token === '=' || token === '&&') {
      next();
      if (left.kind !== 'value') throw new Error(`${token} needs a value`);
      if (token === '&&') return overlaps(left.value, operand());
      if (peek() === 'ANY') {
        next();
        expect('(');
        const list = operand();
        expect(')');
        return anyEq(left.value, list);
      }
      return eq3(left.value, operand());
    }
    if (left.kind !== 'truth') throw new Error('A bare value is not a condition');
    return left.value;
  };

  const conjunction = (): Truth => {
    let value = test();
    while (peek() === 'AND') {
      next();
      value = and3(value, test());
    }
    return value;
  };

  const expr = (): Truth => {
    let value = conjunction();
    while (peek() === 'OR') {
      next();
      value = or3(value, conjunction());
    }
    return value;
  };

  const result = expr();
  if (pos !== tokens.length) throw new Error(`Trailing SQL: ${tokens.slice(pos).join(' ')}`);
  return result;
}

/** What a WHERE clause does with the result: only TRUE keeps the row. */
export function whereKeeps(sql: string, row: Readonly<Record<string, SqlValue>>, params: readonly unknown[]): boolean {
  return evaluateSql(sql, row, params) === true;
}
