import { type ClientBase } from 'pg';

/**
 * Bind parameters as SQL literals, for `EXECUTE name(…)` of a statement made with PREPARE
 * (which takes no bind parameters): what the plan tests and bench/triage run the api's
 * prepared inbox statements with. Arrays become array literals, Dates ISO text, strings are
 * escaped by node-postgres.
 */
export function executeArguments(client: Pick<ClientBase, 'escapeLiteral'>, values: readonly unknown[]): string {
  const literal = (value: unknown): string =>
    value === null || value === undefined
      ? 'NULL'
      : typeof value === 'number'
        ? String(value)
        : Array.isArray(value)
          ? client.escapeLiteral(`{${value.map((v) => `"${String(v)}"`).join(',')}}`)
          : client.escapeLiteral(value instanceof Date ? value.toISOString() : String(value));
  return values.map(literal).join(', ');
}
