import { describe, expect, it } from '@jest/globals';
import { applicationBodyOf, applicationContentOf } from './application-body';

const CALL = '6f1c2b8e-3c1d-4b7a-9a55-0c6f5e9d2a11';

describe('the body of an application record', () => {
  it('carries the version and the call beside the content, and reads back to the same content', () => {
    const content = { answers: { outlet: 'Vlast', staff: 12 }, organisation: { name: 'Vlast.kz', contactPerson: 'Aigerim' } };
    const body = applicationBodyOf(2, CALL, content);
    expect(body).toEqual({ version: 2, callId: CALL, ...content });
    expect(applicationContentOf(JSON.parse(JSON.stringify(body)), 2, CALL)).toEqual(content);
    expect(applicationContentOf(applicationBodyOf(1, CALL, { answers: {} }), 1, CALL)).toEqual({ answers: {} });
  });

  it('is refused when it names another version or call than the row it was asked for (they are not in the AD)', () => {
    const body = applicationBodyOf(1, CALL, { answers: { outlet: 'Vlast' } });
    expect(applicationContentOf(body, 2, CALL)).toBeNull();
    expect(applicationContentOf(body, 1, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('is refused when it does not have the shape the browser writes', () => {
    for (const body of [null, [], 'text', { version: 1, callId: CALL }, { version: 1, callId: CALL, answers: [] }, { version: 1, callId: CALL, answers: {}, organisation: { name: 'x' } }, { version: 1, callId: CALL, answers: {}, organisation: null }]) {
      expect(applicationContentOf(body, 1, CALL)).toBeNull();
    }
  });
});
