import { z } from 'zod';
import { API_CONTRACTS, apiEndpoints, casesContract, desksContract, filesContract, noContent, pathOf, pathParamNames, REFEREE_DETAILS_MAX_LENGTH } from './index';

describe('api contracts', () => {
  const all = apiEndpoints();

  it('describe each route once', () => {
    const keys = all.map(({ endpoint }) => `${endpoint.method} ${endpoint.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(all.length).toBeGreaterThan(50);
  });

  it('validate exactly the parameters their path names', () => {
    for (const { name, endpoint } of all) {
      const declared = endpoint.params instanceof z.ZodObject ? Object.keys(endpoint.params.shape).sort() : [];
      expect({ name, params: declared }).toEqual({ name, params: pathParamNames(endpoint.path).sort() });
    }
  });

  it('answer 204 with no content and nothing else with it; GET and DELETE take no body', () => {
    for (const { name, endpoint } of all) {
      expect({ name, noContent: endpoint.response === noContent }).toEqual({ name, noContent: endpoint.status === 204 });
      if (endpoint.method === 'GET' || endpoint.method === 'DELETE') expect({ name, body: endpoint.body }).toEqual({ name, body: undefined });
    }
  });

  it('builds paths with encoded parameters and refuses a missing one', () => {
    expect(pathOf(casesContract.view, { id: 'a/b c' })).toBe('/api/v1/cases/a%2Fb%20c');
    expect(pathOf(filesContract.putChunk, { caseId: 'c', fileId: 'f', index: 3 })).toBe('/api/v1/cases/c/files/f/chunks/3');
    expect(() => pathOf(desksContract.certifyKey, { deskId: 'd' })).toThrow(/version/);
  });

  it('keep the size limits of the bodies', () => {
    const longToken = 'x'.repeat(65);
    expect(API_CONTRACTS.enrolment.check.body.safeParse({ token: longToken }).success).toBe(false);
    expect(API_CONTRACTS.notifications.setEmail.body.safeParse({ email: `${'a'.repeat(250)}@example.org` }).success).toBe(false);
    expect(API_CONTRACTS.keys.certify.body.safeParse({ certificate: { c: 'x'.repeat(2049) } }).success).toBe(false);
    expect(API_CONTRACTS.cases.inbox.query.safeParse({ limit: '101' }).success).toBe(false);
    expect(API_CONTRACTS.desks.certifyKey.params.safeParse({ deskId: '00000000-0000-4000-8000-000000000000', version: '007' }).success).toBe(false);
    expect(API_CONTRACTS.desks.certifyKey.params.parse({ deskId: '00000000-0000-4000-8000-000000000000', version: '7' })).toEqual({
      deskId: '00000000-0000-4000-8000-000000000000',
      version: 7,
    });
  });

  it('bound what referees and applicants send about referees', () => {
    const token = 'x'.repeat(43);
    expect(API_CONTRACTS.refereeLink.open.body.safeParse({ token }).success).toBe(true);
    expect(API_CONTRACTS.refereeLink.open.body.safeParse({ token: `${token}x` }).success).toBe(false);
    expect(API_CONTRACTS.refereeLink.open.body.safeParse({ token: `${'x'.repeat(42)}=` }).success).toBe(false);
    const details = (length: number) => ({ ciphertext: `a1.${'A'.repeat(length - 3)}`, authorKid: 'K'.repeat(22) });
    const name = (length: number) => ({ refereeId: '00000000-0000-4000-8000-000000000000', details: details(length), envelopes: [] });
    expect(API_CONTRACTS.requesterReferees.name.body.safeParse(name(REFEREE_DETAILS_MAX_LENGTH)).error?.issues.map((i) => i.path.join('.'))).toEqual(['envelopes']);
    expect(API_CONTRACTS.requesterReferees.name.body.safeParse(name(REFEREE_DETAILS_MAX_LENGTH + 1)).error?.issues.map((i) => i.path.join('.'))).toEqual(['details.ciphertext', 'envelopes']);
  });
});
