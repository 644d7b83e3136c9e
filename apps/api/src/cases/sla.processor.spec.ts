/**
 * The SLA check's decisions, with strict stand-ins for the case repository, the escalation
 * service and the queue: a call nobody stubbed fails the test.
 */
import { DelayedError, type Job, type Queue } from 'bullmq';
import { type CaseRepository } from './case.repository';
import { type SlaEscalationService } from './sla-escalation.service';
import { SlaProcessor } from './sla.processor';

const CASE = '6f1c1c52-8a4d-4b6e-9d1e-0c2b3a4d5e6f';
const DUE = new Date('2030-01-01T10:00:00.000Z');

function strict<T extends object>(stubs: Partial<Record<keyof T, unknown>>): T {
  return new Proxy(stubs, {
    get(target, name) {
      if (name in target) return target[name as keyof typeof target];
      if (name === 'then') return undefined;
      throw new Error(`unexpected call: ${String(name)}`);
    },
  }) as T;
}

function job(name: string, data: unknown, extra: Partial<Record<string, unknown>> = {}): Job {
  return strict<Job>({ name, data, ...extra });
}

function processor(cases: Partial<Record<keyof CaseRepository, unknown>>, escalation: Partial<Record<keyof SlaEscalationService, unknown>> = {}, queue: Partial<Record<keyof Queue, unknown>> = {}) {
  return new SlaProcessor(strict<CaseRepository>(cases), strict<SlaEscalationService>(escalation), strict<Queue>(queue));
}

describe('SLA check', () => {
  it('escalates a pending case whose due time has come', async () => {
    const escalate = jest.fn().mockResolvedValue(2);
    const p = processor({ slaState: jest.fn().mockResolvedValue({ due: DUE, pending: true, now: new Date(DUE.getTime() + 10) }) }, { escalate });
    await expect(p.process(job('sla-check', { caseId: CASE, dueAt: DUE.toISOString() }))).resolves.toEqual({ outcome: 'escalated', notified: 2 });
    expect(escalate).toHaveBeenCalledWith(CASE, DUE);
  });

  it('does nothing for a case re-planned, answered, closed or gone', async () => {
    const later = new Date(DUE.getTime() + 3600_000);
    for (const state of [{ due: later, pending: true, now: later }, { due: DUE, pending: false, now: later }, null]) {
      const p = processor({ slaState: jest.fn().mockResolvedValue(state) });
      await expect(p.process(job('sla-check', { caseId: CASE, dueAt: DUE.toISOString() }))).resolves.toEqual({ outcome: 'stale' });
    }
  });

  it('goes back to sleep until the due time when it wakes early', async () => {
    const moveToDelayed = jest.fn().mockResolvedValue(undefined);
    const p = processor({ slaState: jest.fn().mockResolvedValue({ due: DUE, pending: true, now: new Date(DUE.getTime() - 500) }) });
    await expect(p.process(job('sla-check', { caseId: CASE, dueAt: DUE.toISOString() }, { moveToDelayed }), 'token-1')).rejects.toBeInstanceOf(DelayedError);
    expect(moveToDelayed).toHaveBeenCalledWith(DUE.getTime(), 'token-1');
  });

  it('removes a superseded check only while it is still waiting', async () => {
    const remove = jest.fn().mockResolvedValue(undefined);
    const getJob = jest.fn().mockResolvedValue({ isDelayed: () => Promise.resolve(true), remove });
    const p = processor({}, {}, { getJob });
    await expect(p.process(job('sla-cancel', { caseId: CASE, dueAt: DUE.toISOString() }))).resolves.toEqual({ outcome: 'removed' });
    expect(getJob).toHaveBeenCalledWith(`sla.${CASE}.${DUE.getTime()}`);
    expect(remove).toHaveBeenCalled();
    const gone = processor({}, {}, { getJob: jest.fn().mockResolvedValue(undefined) });
    await expect(gone.process(job('sla-cancel', { caseId: CASE, dueAt: DUE.toISOString() }))).resolves.toEqual({ outcome: 'absent' });
  });

  it('refuses malformed job data and unknown jobs', async () => {
    const p = processor({});
    await expect(p.process(job('sla-check', { caseId: 'not-a-case', dueAt: DUE.toISOString() }))).rejects.toThrow('malformed job data');
    await expect(p.process(job('sla-check', { caseId: CASE, dueAt: 'soon' }))).rejects.toThrow('malformed job data');
    await expect(p.process(job('sla-other', {}))).rejects.toThrow('unknown sla job');
  });
});
