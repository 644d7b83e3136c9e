import { enrolmentCompleteSchema } from './enrolment';
import { pseudonymBodySchema, pseudonymSchema } from './staff';

describe('pseudonyms (the name requesters see of staff)', () => {
  test('are trimmed, 1–60 characters, without control characters', () => {
    expect(pseudonymSchema.parse('  Aigerim, legal desk ')).toBe('Aigerim, legal desk');
    expect(pseudonymSchema.parse('x'.repeat(60))).toHaveLength(60);
    for (const bad of ['', '   ', 'x'.repeat(61), 'two\nlines', 'tab\there', 'nul\u0000', 'bell\u0007']) expect(pseudonymSchema.safeParse(bad).success).toBe(false);
  });

  test('may be removed (null) through the route, but nothing else is accepted', () => {
    expect(pseudonymBodySchema.parse({ pseudonym: null })).toEqual({ pseudonym: null });
    expect(pseudonymBodySchema.safeParse({}).success).toBe(false);
    expect(pseudonymBodySchema.safeParse({ pseudonym: 'A', other: 1 }).success).toBe(false);
  });

  test('are an optional, checked field of enrolment', () => {
    const shape = enrolmentCompleteSchema.shape;
    expect(shape.pseudonym.safeParse(undefined).success).toBe(true);
    expect(shape.pseudonym.safeParse('Team member, medical desk').success).toBe(true);
    expect(shape.pseudonym.safeParse('a\rb').success).toBe(false);
  });
});
