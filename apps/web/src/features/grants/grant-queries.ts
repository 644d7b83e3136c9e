/** The grant screens' loads, one query key each (TanStack Query). */
import { queryOptions } from '@tanstack/react-query';
import { currencies, grantsOfCase, listFunds, listGrants } from '../../api/grants';

export const grantQueryKeys = {
  all: ['grants'] as const,
  funds: () => [...grantQueryKeys.all, 'funds'] as const,
  currencies: () => [...grantQueryKeys.all, 'currencies'] as const,
  list: () => [...grantQueryKeys.all, 'list'] as const,
  waiting: (kind: 'approval' | 'disbursement' | 'report') => [...grantQueryKeys.all, 'waiting', kind] as const,
  ofCase: (caseId: string) => [...grantQueryKeys.all, 'case', caseId] as const,
  one: (grantId: string) => [...grantQueryKeys.all, 'one', grantId] as const,
};

export const fundsQuery = () => queryOptions({ queryKey: grantQueryKeys.funds(), queryFn: () => listFunds() });
export const currenciesQuery = () => queryOptions({ queryKey: grantQueryKeys.currencies(), queryFn: () => currencies(), staleTime: Infinity });
export const waitingQuery = (kind: 'approval' | 'disbursement' | 'report') => queryOptions({ queryKey: grantQueryKeys.waiting(kind), queryFn: () => listGrants({ waiting: kind }) });
export const caseGrantsQuery = (caseId: string) => queryOptions({ queryKey: grantQueryKeys.ofCase(caseId), queryFn: () => grantsOfCase(caseId) });
export const grantListQuery = () => queryOptions({ queryKey: grantQueryKeys.list(), queryFn: () => listGrants() });
