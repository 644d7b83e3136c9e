import { describe, expect, it } from '@jest/globals';
import { type CallView, callInputSchema } from '@ashar/domain';
import { allowedTransitions, countsByPhase, daysToDeadline, draftOf, editableNow, editorPaths, editorProblems, emptyDraft, inputOf, moved, newField, newOption } from './call-draft';

const view: CallView = {
  id: '00000000-0000-4000-8000-000000000001',
  kind: 'media_grants',
  phase: 'open',
  status: 'published',
  texts: { en: { title: 'Media', description: 'Up to 12 outlets.', eligibility: 'Outlets.' }, ru: { title: 'СМИ', description: 'До 12 редакций.', eligibility: 'Редакции.' } },
  form: [
    { name: 'outlet', kind: 'text', label: { en: 'Outlet', ru: 'Редакция' }, required: true, maxLength: 200 },
    { name: 'country', kind: 'select', label: { en: 'Country' }, required: false, options: [{ value: 'kz', label: { en: 'Kazakhstan' } }] },
    { name: 'staff', kind: 'number', label: { en: 'Staff' }, required: false, min: 1, max: 500 },
  ],
  quotas: { total: 12, perCountry: { KZ: 6, KG: 6 } },
  timeZone: 'Asia/Almaty',
  opens: { local: '2026-11-20T09:00', timeZone: 'Asia/Almaty', instant: '2026-11-20T04:00:00Z', offset: '+05:00' },
  closes: { local: '2026-12-15T00:00', timeZone: 'Asia/Almaty', instant: '2026-12-14T19:00:00Z', offset: '+05:00' },
  decisionOn: '2026-12-21',
  notifyOn: null,
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
  publishedAt: '2026-11-01T00:00:00Z',
};

describe('the call editor’s model', () => {
  it('turns a saved call into a draft and back into the same input', () => {
    const input = inputOf(draftOf(view));
    expect(callInputSchema.parse(input)).toEqual(input);
    expect(input).toEqual({
      kind: 'media_grants',
      texts: view.texts,
      form: view.form,
      quotas: view.quotas,
      timeZone: 'Asia/Almaty',
      opensLocal: '2026-11-20T09:00',
      closesLocal: '2026-12-15T00:00',
      decisionOn: '2026-12-21',
      notifyOn: null,
    });
  });

  it('sends English always, another language only once written, labels only where written', () => {
    const draft = emptyDraft();
    draft.texts.en = { title: 'Fellowship', description: 'Ten weeks.', eligibility: 'Leaders.' };
    draft.texts.ky.title = 'Стажировка';
    draft.form = [newField('boolean', [])];
    draft.form[0]!.labels.en = 'Agree';
    draft.form[0]!.labels.ru = 'Согласен';
    draft.quotaTotal = ' 10 ';
    draft.perCountry = [
      { key: 'a', country: 'KZ', places: '5' },
      { key: 'b', country: '', places: '3' },
    ];
    draft.closesLocal = '2026-12-14T24:00 ';
    const input = inputOf(draft);
    expect(Object.keys(input.texts)).toEqual(['en', 'ky']);
    expect(input.form).toEqual([{ name: 'field1', kind: 'boolean', required: false, label: { en: 'Agree', ru: 'Согласен' } }]);
    expect(input.quotas).toEqual({ total: 10, perCountry: { KZ: 5 } });
    expect(input.closesLocal).toBe('2026-12-14T24:00');
    expect(input.decisionOn).toBeNull();
    // A half-written language is sent, so the api names what is missing.
    expect(callInputSchema.safeParse(input).success).toBe(false);
  });

  it('sends a number that is not one as NaN, which the contract refuses at its path', () => {
    const draft = draftOf(view);
    draft.quotaTotal = 'twelve';
    const result = callInputSchema.safeParse(inputOf(draft));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('quotas.total');
  });

  it('adds fields with free names and options with free values, and moves fields within the list', () => {
    const first = newField('text', []);
    const second = newField('select', [first]);
    expect([first.name, second.name]).toEqual(['field1', 'field2']);
    expect(second.options.map((o) => o.value)).toEqual(['option1']);
    expect(newOption(second.options).value).toBe('option2');
    expect(newField('date', [{ ...first, name: 'field2' }]).name).toBe('field3');
    expect(moved(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('counts calls by phase, every phase listed', () => {
    expect(countsByPhase([{ phase: 'open' }, { phase: 'open' }, { phase: 'draft' }])).toEqual([
      { phase: 'draft', count: 1 },
      { phase: 'upcoming', count: 0 },
      { phase: 'open', count: 2 },
      { phase: 'closed', count: 0 },
      { phase: 'decided', count: 0 },
      { phase: 'archived', count: 0 },
    ]);
  });

  it('counts whole days to the deadline upwards, none once it has passed', () => {
    const closes = '2026-12-14T19:00:00Z';
    expect(daysToDeadline(closes, new Date('2026-12-14T16:00:00Z'))).toBe(1);
    expect(daysToDeadline(closes, new Date('2026-12-12T19:00:00Z'))).toBe(2);
    expect(daysToDeadline(closes, new Date('2026-12-12T18:59:59Z'))).toBe(3);
    expect(daysToDeadline(closes, new Date('2026-12-14T18:59:59Z'))).toBe(1);
    expect(daysToDeadline(closes, new Date('2026-12-14T19:00:00Z'))).toBeNull();
    expect(daysToDeadline('not a time', new Date())).toBeNull();
  });

  it('offers the transitions and edits the call’s phase allows', () => {
    const draft = { ...view, status: 'draft' as const };
    expect(allowedTransitions(draft, new Date('2026-11-01T00:00:00Z'))).toEqual(['publish', 'archive']);
    expect(allowedTransitions(view, new Date('2026-12-01T00:00:00Z'))).toEqual(['close']);
    expect(allowedTransitions(view, new Date('2026-12-14T19:00:00Z'))).toEqual(['decide']);
    expect(allowedTransitions({ ...view, status: 'decided' }, new Date('2026-12-20T00:00:00Z'))).toEqual(['archive']);
    expect(allowedTransitions({ ...view, status: 'archived' }, new Date('2026-12-20T00:00:00Z'))).toEqual([]);
    expect(editableNow(view, new Date('2026-12-14T18:59:59Z'))).toBe(true);
    expect(editableNow(view, new Date('2026-12-14T19:00:00Z'))).toBe(false);
    expect(editableNow({ ...view, status: 'closed' }, new Date('2026-12-01T00:00:00Z'))).toBe(false);
  });

  it('puts the api’s refusals next to the fields they name, the rest on top', () => {
    const paths = new Set(editorPaths(draftOf(view)));
    const shown = (p: string) => paths.has(p);
    expect(paths.has('form.1.options.0.label.ru')).toBe(true);
    expect(paths.has('form.2.max')).toBe(true);
    expect(paths.has('quotas.perCountry.KG')).toBe(true);
    const zone = editorProblems(
      { code: 'unknown-time-zone', message: '“Asia/Astana” is not an IANA time-zone id. Use Asia/Almaty.', problem: { hint: 'Asia/Almaty', errors: [{ path: 'timeZone', message: '“Asia/Astana” is not an IANA time-zone id. Use Asia/Almaty.' }] } },
      shown,
    );
    expect(zone).toEqual({ fields: { timeZone: '“Asia/Astana” is not an IANA time-zone id. Use Asia/Almaty.' }, general: null });
    // An older answer without a path: the zone's refusal still goes to the zone.
    expect(editorProblems({ code: 'unknown-time-zone', message: 'Use Asia/Almaty.', problem: { detail: 'Use Asia/Almaty.' } }, shown)).toEqual({ fields: { timeZone: 'Use Asia/Almaty.' }, general: null });
    const validation = editorProblems(
      { code: 'validation', message: 'The request is not valid', problem: { errors: [{ path: 'texts.ru.title', message: 'Too small' }, { path: 'somewhere.else', message: 'Unknown' }] } },
      shown,
    );
    expect(validation).toEqual({ fields: { 'texts.ru.title': 'Too small' }, general: 'The request is not valid somewhere.else: Unknown' });
    expect(editorProblems({ code: 'call-state', message: 'A call is no longer changed once its deadline has passed', problem: null }, shown)).toEqual({
      fields: {},
      general: 'A call is no longer changed once its deadline has passed',
    });
  });
});
