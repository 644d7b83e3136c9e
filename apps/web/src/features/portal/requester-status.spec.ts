import { describe, expect, test } from '@jest/globals';
import { type CaseStatus, CASE_STATUSES, requesterStatusOf } from '@ashar/domain';
import en from '../../i18n/locales/en/portal.json';
import { type SharedRecord, repliedLast, requesterStatusWords } from './requester-status';

const request: SharedRecord = { kind: 'request', from: 'you', createdAt: '2026-12-01T10:00:00.000Z' };
const answer: SharedRecord = { kind: 'message', from: 'staff', createdAt: '2026-12-01T11:00:00.000Z' };
const reply: SharedRecord = { kind: 'message', from: 'you', createdAt: '2026-12-01T12:00:00.000Z' };
const words = en as Record<string, string>;
const said = (w: { title: string; about: string }) => [words[w.title], words[w.about]];

describe('requesterStatusWords', () => {
  test('a new request: received, a team member will read it soon', () => {
    expect(said(requesterStatusWords('received', 'new', [request]))).toEqual(['Received', 'Your request arrived. A team member will read it soon.']);
  });

  test('staff wrote last: answered, read our message', () => {
    expect(said(requesterStatusWords('answered', 'in_progress', [request, answer]))[0]).toBe('Answered — read our message');
  });

  test('the requester replied last: received again, of their message, not of the request', () => {
    // Out of order on purpose: the newest by time decides.
    expect(said(requesterStatusWords('received', 'in_progress', [reply, request, answer]))).toEqual(['Received', 'Your message arrived. A team member will read it soon.']);
  });

  test('staff wait for the requester: waiting for your reply', () => {
    expect(said(requesterStatusWords('waiting_for_you', 'awaiting_requester', [request, answer]))[0]).toBe('Waiting for your reply');
  });

  test('closed: the words of the shut status itself', () => {
    expect(said(requesterStatusWords('closed', 'closed', [request, answer]))[0]).toBe('Closed');
    expect(said(requesterStatusWords('closed', 'declined', [request]))[0]).toBe('Not taken on');
    expect(said(requesterStatusWords('closed', 'resolved', [request, answer]))[0]).toBe('Resolved');
  });

  test('every status the api can give has words, title and about', () => {
    for (const status of CASE_STATUSES as readonly CaseStatus[]) {
      for (const newest of ['staff', 'requester', null] as const) {
        const records = newest === 'staff' ? [request, answer] : newest === 'requester' ? [request, answer, reply] : [request];
        const w = requesterStatusWords(requesterStatusOf(status, newest === null ? 'requester' : newest), status, records);
        expect(words[w.title]).toEqual(expect.any(String));
        expect(words[w.about]).toEqual(expect.any(String));
      }
    }
  });
});

describe('repliedLast', () => {
  test('only a message of the requester counts, not the request', () => {
    expect(repliedLast([])).toBe(false);
    expect(repliedLast([request])).toBe(false);
    expect(repliedLast([request, answer])).toBe(false);
    expect(repliedLast([request, answer, reply])).toBe(true);
  });
});
