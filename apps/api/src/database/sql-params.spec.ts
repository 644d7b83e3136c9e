import { SqlParams } from './sql-params';

describe('SqlParams', () => {
  test('numbers placeholders in the order values are bound, with an optional type', () => {
    const p = new SqlParams();
    const text = `SELECT ${p.bind('a')}, ${p.bind(2, 'int')}, ${p.bind(['x', 'y'], 'text[]')}, ${p.bind(null, 'timestamp with time zone')}`;
    expect(text).toBe('SELECT $1, $2::int, $3::text[], $4::timestamp with time zone');
    expect(p.values).toEqual(['a', 2, ['x', 'y'], null]);
  });

  test('a value bound once can be referred to twice', () => {
    const p = new SqlParams();
    const at = p.bind(new Date(0));
    expect(`VALUES (${at}, ${at}, ${p.bind('z')})`).toBe('VALUES ($1, $1, $2)');
    expect(p.values).toHaveLength(2);
  });

  test('parts written by separate functions share one numbering', () => {
    const part = (p: SqlParams, id: string) => `x = ${p.bind(id, 'uuid')}`;
    const p = new SqlParams();
    const where = [part(p, 'a'), part(p, 'b'), `y = ${p.bind(3)}`].join(' AND ');
    expect(where).toBe('x = $1::uuid AND x = $2::uuid AND y = $3');
    expect(p.values).toEqual(['a', 'b', 3]);
  });

  test('the values are a copy; a type must be a type name', () => {
    const p = new SqlParams();
    p.bind(1);
    p.values.push(2);
    expect(p.values).toEqual([1]);
    expect(() => p.bind(1, "text; DROP TABLE x")).toThrow(/not a type name/);
    expect(() => p.bind(1, 'uuid)')).toThrow(/not a type name/);
  });
});
