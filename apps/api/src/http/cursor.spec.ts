import { DomainError, GeneralError } from '@ashar/domain';
import { decodeCursor, encodeCursor } from './cursor';

const position = { time: '2030-01-01T10:00:00.123456Z', id: '6f1c1c52-8a4d-4b6e-9d1e-0c2b3a4d5e6f' };

describe('page cursors', () => {
  it('round-trip a keyset position with microseconds, as opaque base64url', () => {
    const cursor = encodeCursor('inbox.due', position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'inbox.due')).toEqual(position);
  });

  it('refuse a cursor of another list or order, and anything malformed, with a validation error', () => {
    const refuse = (text: string, scope = 'inbox.due') => {
      try {
        decodeCursor(text, scope);
      } catch (err) {
        expect(err).toBeInstanceOf(DomainError);
        expect((err as DomainError).code).toBe(GeneralError.Validation);
        return;
      }
      throw new Error(`accepted ${text}`);
    };
    refuse(encodeCursor('inbox.due', position), 'inbox.created');
    refuse(encodeCursor('inbox.due', { ...position, time: '2030-01-01T10:00:00Z' }));
    refuse(encodeCursor('inbox.due', { ...position, id: 'DROP TABLE' }));
    refuse('not base64 at all!');
    refuse(Buffer.from('{"s":"inbox.due"').toString('base64url'));
    refuse('A'.repeat(201));
  });
});
