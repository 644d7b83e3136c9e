/**
 * The values of one SQL statement and their numbered placeholders. `bind` appends a value and
 * returns its `$n`, so a statement assembled from parts (other contexts' CTEs included) never
 * counts placeholders by hand (a value used twice is bound twice, or its placeholder kept and reused).
 * Binding in a fixed order gives a fixed text, as a named prepared statement needs.
 * (node-postgres has positional parameters only; TypeORM's `:name` rewriting needs a driver
 * and reads PostgreSQL's `::type` casts as names.)
 */
export class SqlParams {
  private readonly list: unknown[] = [];

  /** Appends `value` and returns its placeholder, with `::type` when a type is given. */
  bind(value: unknown, type?: string): string {
    if (type !== undefined && !TYPE_NAME.test(type)) throw new Error(`not a type name: ${type}`);
    this.list.push(value);
    return `$${this.list.length}${type === undefined ? '' : `::${type}`}`;
  }

  /** The values in placeholder order, for node-postgres or EntityManager.query. */
  get values(): unknown[] {
    return [...this.list];
  }
}

/** A type name such as uuid, text[] or timestamptz, never text from a request. */
const TYPE_NAME = /^[a-z][a-z0-9_]*( [a-z]+)*(\[\])?$/;
