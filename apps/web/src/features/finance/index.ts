/** The finance feature's surface: Finance home (funds, budget lines, their money drawn as bars, the ledger downloads). */
export { FinanceHome } from './finance-home';
