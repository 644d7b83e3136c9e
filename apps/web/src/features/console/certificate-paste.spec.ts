import { describe, expect, it } from '@jest/globals';
import { MAX_PASTE_CHARS, extractCertificate } from './certificate-paste';

const CERTIFICATE = {
  v: 1,
  kind: 'admin',
  subjectId: '3f2c1a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f',
  encPk: 'Uxrf7J-jsAmbLlm6AtoVYfge5h4a--Vab51QPB9Ub4Y',
  signPk: 'q2Xy7J-jsAmbLlm6AtoVYfge5h4a--Vab51QPB9Ub4Y',
  notAfter: '2027-12-07T16:00:00Z',
  issuerKid: 'kid-of-the-root',
  signature: 'c2lnbmF0dXJlIHsgd2l0aCB9IGJyYWNlcw',
};
const PRETTY = JSON.stringify(CERTIFICATE, null, 2);

describe('extractCertificate', () => {
  it('takes the JSON alone, pretty or on one line', () => {
    expect(extractCertificate(PRETTY)).toEqual({ ok: true, certificate: CERTIFICATE });
    expect(extractCertificate(JSON.stringify(CERTIFICATE))).toEqual({ ok: true, certificate: CERTIFICATE });
  });

  it('takes the whole output of `npm run ashar -- root certify-admin …`: banner, blank lines, the JSON and the summary', () => {
    const pasted = [
      '$ npm run ashar -- root certify-admin --root ~/ashar-root.key --admin 3f2c --enc-pk Uxrf --sign-pk q2Xy',
      '',
      '> ashar@0.1.0 ashar',
      '> node dist/apps/api/cli.js root certify-admin --root /home/c/ashar-root.key --admin 3f2c',
      '',
      'Root key passphrase: ',
      PRETTY,
      'Admin certificate for 3f2c, valid until 2027-12-07T16:00:00Z, signed by the root key 1a2b 3c4d 5e6f 7a8b.',
      '',
    ].join('\r\n');
    expect(extractCertificate(pasted)).toEqual({ ok: true, certificate: CERTIFICATE });
  });

  it('keeps braces inside strings where they are', () => {
    const withBraces = { ...CERTIFICATE, subjectId: 'a}b{c"d' };
    expect(extractCertificate(`noise { not json } ${JSON.stringify(withBraces)} more {`)).toEqual({ ok: true, certificate: withBraces });
  });

  it('refuses empty text, garbage, and JSON that is not a certificate', () => {
    expect(extractCertificate('  \n ')).toEqual({ ok: false, reason: 'empty' });
    expect(extractCertificate('bash: root: No such file or directory')).toEqual({ ok: false, reason: 'none' });
    expect(extractCertificate('{"v": 1, "kind": "admin"')).toEqual({ ok: false, reason: 'none' });
    expect(extractCertificate('{"error": "something"}')).toEqual({ ok: false, reason: 'none' });
    expect(extractCertificate('[1, 2, 3]')).toEqual({ ok: false, reason: 'none' });
    const { signature: _, ...unsigned } = CERTIFICATE;
    expect(extractCertificate(JSON.stringify(unsigned))).toEqual({ ok: false, reason: 'none' });
  });

  it('refuses two different certificates, and takes the same one pasted twice', () => {
    const other = { ...CERTIFICATE, subjectId: 'someone-else' };
    expect(extractCertificate(`${PRETTY}\n${JSON.stringify(other)}`)).toEqual({ ok: false, reason: 'several' });
    expect(extractCertificate(`${PRETTY}\n\n${PRETTY}`)).toEqual({ ok: true, certificate: CERTIFICATE });
  });

  it('takes the certificate next to other JSON that is no certificate', () => {
    expect(extractCertificate(`{"npm": "notice"}\n${PRETTY}`)).toEqual({ ok: true, certificate: CERTIFICATE });
  });

  it('reads no further than the paste limit', () => {
    expect(extractCertificate(`${'x'.repeat(MAX_PASTE_CHARS)}${PRETTY}`)).toEqual({ ok: false, reason: 'none' });
  });
});

describe('extractCertificate with stray braces and quotes around the JSON', () => {
  it('finds the certificate after an unclosed brace or an odd quote in the banner', () => {
    expect(extractCertificate(`> echo "{ unclosed\n${PRETTY}\n`)).toEqual({ ok: true, certificate: CERTIFICATE });
    expect(extractCertificate(`{ "odd\n${PRETTY}`)).toEqual({ ok: true, certificate: CERTIFICATE });
  });
});
