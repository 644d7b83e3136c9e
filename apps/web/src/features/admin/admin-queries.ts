/** The admin screens' query keys (TanStack Query). */
export const adminQueryKeys = {
  staff: () => ['staff', 'list'] as const,
};
