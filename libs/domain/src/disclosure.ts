/**
 * Disclosure control for reports (issue 18; domain.md, "Reports"; docs/reports.md): turns a table
 * of counts (or of amounts with the number of grants behind each) into a display table in which no
 * small count can be recovered, from the cells, the totals or any combination of them. Pure rules;
 * the api builds every screen and every export (CSV, spreadsheet) from the one `DisplayTable` this
 * module returns, so an export can never show what the screen hides.
 *
 * The rules (docs/reports.md says why):
 * - Primary suppression: every cell below the threshold, zero included, is shown as "< 5"
 *   (the threshold's value). "< 5" therefore means "0, 1, 2, 3 or 4" and a reader cannot tell a
 *   country nobody came from from a country one person came from. A total below the threshold is
 *   hidden too, but never labelled "< 5": every hidden total is `secondary` ("hidden", any size),
 *   because a total labelled "< 5" bounds all its cells at once (four "< 5" cells of a "< 5" row,
 *   each in a column of 5 or more whose other cell is "< 5", are each exactly 1).
 * - Secondary suppression: further cells and totals are hidden until, for every "< 5" cell and
 *   every total below the threshold, the published table is consistent with each of the values
 *   0 … threshold−1 there, so the reader learns nothing beyond "< 5" (checked exactly, see below).
 * - Amounts: an amount backed by fewer grants than the threshold (none included) is hidden, and
 *   further amounts until the hidden one could be anything from 0 to twice its value.
 *
 * How (polynomial, no search over patterns): a two-dimensional table with its row, column and
 * grand totals is a circulation in a small network — a node per row, per column, a source and a
 * sink; a cell is an arc row → column, a row total source → row, a column total column → sink,
 * the grand total sink → source — and "each row and column adds up" is flow conservation. A
 * suppressed cell is an arc whose flow the reader does not know, within what its label says
 * ("< 5": 0 … 4; a cell hidden for protection: ≥ 5, as anything smaller would be a "< 5"; a
 * hidden total: ≥ 0). The values a reader can deduce for a hidden cell are exactly the flows it
 * can carry in some circulation that agrees with everything published: it can be raised by d
 * exactly when d units can travel back through the other hidden arcs from its head to its tail (a
 * maximum flow by augmenting paths, stopped as soon as it reaches what is needed). When the hidden arcs cannot carry enough, the cheapest path
 * through published arcs (the sum of their values: smallest cells first, ties by position) is
 * hidden too. Hiding more only widens what a reader can deduce, so one pass over the primary cells
 * settles the table. Each hidden cell then lies on a cycle of hidden cells, so every row and
 * column with a hidden cell has at least two (counting its total).
 *
 * Error contract: `invalid-input` DomainError for a threshold below 2 or not an integer, a
 * negative or fractional count, ragged rows, or amounts whose shape differs from the table.
 */
import { DomainError, RuleError } from './errors';

/** Counts below this are shown as "< 5" unless a report is configured otherwise. */
export const DEFAULT_DISCLOSURE_THRESHOLD = 5;
/**
 * The smallest threshold accepted. A threshold of 1 would hide nothing but zeros, i.e. publish
 * every single person; 2 is the least that hides a lone person ("< 2": none or one).
 */
export const MIN_DISCLOSURE_THRESHOLD = 2;

export type SuppressionReason = 'primary' | 'secondary';

/** One cell as every view and export shows it: its value, or hidden with the reason. */
export type DisplayCell<V> = { readonly value: V; readonly suppressed?: undefined } | { readonly suppressed: true; readonly reason: SuppressionReason };

export interface DisplayTable<V> {
  readonly threshold: number;
  /** cells[row][column]. */
  readonly cells: readonly (readonly DisplayCell<V>[])[];
  readonly rowTotals: readonly DisplayCell<V>[];
  readonly columnTotals: readonly DisplayCell<V>[];
  readonly grandTotal: DisplayCell<V>;
}

export interface DisclosureOptions {
  /** Counts below it are hidden; default 5, at least 2. */
  readonly threshold?: number;
}

/** An amount in minor units (money.ts) and the number of grants it adds up. */
export interface BackedAmount {
  readonly amount: bigint;
  readonly grants: number;
}

/** The text of a primary-suppressed cell: "< 5". */
export const suppressedText = (threshold: number): string => `< ${threshold}`;

/**
 * The text of a cell for plain-text exports (CSV): the value, "< 5", or `hiddenText` for a cell
 * hidden to protect another (the web translates both words; exports use this).
 */
export function displayCellText<V extends number | bigint>(cell: DisplayCell<V>, threshold: number, hiddenText = 'x'): string {
  if (cell.suppressed !== true) return String(cell.value);
  return cell.reason === 'primary' ? suppressedText(threshold) : hiddenText;
}

// ---------------------------------------------------------------------------------------------
// The network

const State = { Published: 0, Primary: 1, Secondary: 2 } as const;
type State = (typeof State)[keyof typeof State];

interface Arc {
  readonly tail: number;
  readonly head: number;
  readonly value: bigint;
  state: State;
  /** What a reader knows of the arc once hidden: lo … hi (hi null: no upper bound). */
  lo: bigint;
  hi: bigint | null;
  /** For a primary arc: how far it must be able to move up and down without the reader noticing. */
  readonly up: bigint;
  readonly down: bigint;
  /** The domain the arc takes if it is hidden for protection. */
  readonly secondaryLo: bigint;
  readonly secondaryHi: bigint | null;
  /** What hiding it costs (its value plus one, so fewer cells win ties of value). */
  readonly cost: bigint;
}

interface Network {
  readonly nodes: number;
  readonly arcs: Arc[];
  /** adjacency[node] = indexes of the arcs touching it, in index order. */
  readonly adjacency: number[][];
  /** The flow on each arc while a cell is being checked (its true value otherwise). */
  readonly current: bigint[];
}

const INFINITE = 1n << 120n;

/** Node and arc numbering of an R × C table (see the module comment). */
function tableShape(rows: number, columns: number) {
  const source = rows + columns;
  const sink = source + 1;
  return {
    nodes: rows + columns + 2,
    cell: (r: number, c: number) => r * columns + c,
    rowTotal: (r: number) => rows * columns + r,
    columnTotal: (c: number) => rows * columns + rows + c,
    grandTotal: rows * columns + rows + columns,
    ends(arc: number): [number, number] {
      if (arc < rows * columns) return [Math.floor(arc / columns), rows + (arc % columns)];
      if (arc < rows * columns + rows) return [source, arc - rows * columns];
      if (arc < rows * columns + rows + columns) return [rows + (arc - rows * columns - rows), sink];
      return [sink, source];
    },
  };
}

/** Forward (raise) and backward (lower) room of an arc carrying `current`, if hidden with lo … hi. */
function room(lo: bigint, hi: bigint | null, current: bigint, forward: boolean): bigint {
  if (forward) return hi === null ? INFINITE : hi - current;
  return current - lo;
}

/**
 * Makes the primary arc `p` able to move by `need` in the direction given (raise: the reader
 * cannot rule out `value + need`; lower: `value − need`), hiding the cheapest published arcs when
 * the hidden ones cannot carry it. This is Ford–Fulkerson on the whole network: it stops at `need`
 * or when no path is left even through published arcs, i.e. at the most any pattern of hiding
 * could give. That is always `need`: hidden totals are only "0 or more", so a cell can move with
 * its row, column and grand totals, and a small total with cells of its row (counts and amounts).
 */
function protect(net: Network, p: number, need: bigint, raise: boolean): void {
  if (need <= 0n) return;
  const arcs = net.arcs;
  const target = arcs[p]!;
  // Raising p sends the extra units from its head back to its tail through other arcs; lowering
  // sends them from its tail to its head.
  const from = raise ? target.head : target.tail;
  const to = raise ? target.tail : target.head;
  const capacity = (i: number, forward: boolean, asHidden: boolean): bigint => {
    const a = arcs[i]!;
    if (a.state === State.Published) return asHidden ? room(a.secondaryLo, a.secondaryHi, net.current[i]!, forward) : 0n;
    return room(a.lo, a.hi, net.current[i]!, forward);
  };
  // The flows pushed while checking p move `net.current` away from the true values; they are put
  // back at the end (only the pattern of hidden arcs is kept).
  const touched: number[] = [];
  let remaining = need;
  while (remaining > 0n) {
    const path = findPath(net, p, from, to, capacity, false) ?? findPath(net, p, from, to, capacity, true);
    if (path === null) break;
    let push = remaining;
    for (const step of path) {
      const c = capacity(step.arc, step.forward, true);
      if (c < push) push = c;
    }
    for (const step of path) {
      const a = arcs[step.arc]!;
      if (a.state === State.Published) {
        a.state = State.Secondary;
        a.lo = a.secondaryLo;
        a.hi = a.secondaryHi;
      }
      touched.push(step.arc);
      net.current[step.arc] = net.current[step.arc]! + (step.forward ? push : -push);
    }
    remaining -= push;
  }
  for (const i of touched) net.current[i] = arcs[i]!.value;
  if (remaining > 0n) {
    // Unreachable (see above); refuse to publish rather than publish something recoverable.
    throw new Error(`disclosure: figure ${p} cannot be protected`);
  }
}

interface Step {
  readonly arc: number;
  /** True: the arc is followed tail → head (its flow rises); false: head → tail (it falls). */
  readonly forward: boolean;
}

/**
 * The cheapest path from `from` to `to` with room on every arc, never through `excluded`.
 * Without `throughPublished`, any path through hidden arcs only (depth first, stopping at `to`);
 * with it, published arcs too at their cost (Dijkstra over the few nodes, ties to the lower node
 * and arc index, so the choice is deterministic).
 */
function findPath(
  net: Network,
  excluded: number,
  from: number,
  to: number,
  capacity: (arc: number, forward: boolean, asHidden: boolean) => bigint,
  throughPublished: boolean,
): Step[] | null {
  const via: (Step | undefined)[] = new Array<Step | undefined>(net.nodes);
  const reached = new Uint8Array(net.nodes);
  reached[from] = 1;
  if (!throughPublished) {
    // Depth first, descending at the first arc with room: in the dense graphs of mostly hidden
    // tables it reaches `to` after a few arcs where a breadth-first search would scan them all.
    const stack = [from];
    const position = [0];
    while (stack.length > 0 && reached[to] === 0) {
      const node = stack[stack.length - 1]!;
      const arcsHere = net.adjacency[node]!;
      let k = position[position.length - 1]!;
      let descended = false;
      for (; k < arcsHere.length; k++) {
        const i = arcsHere[k]!;
        if (i === excluded) continue;
        const a = net.arcs[i]!;
        if (a.state === State.Published) continue;
        const forward = a.tail === node;
        const next = forward ? a.head : a.tail;
        if (reached[next] === 1) continue;
        const flow = net.current[i]!;
        if (forward ? a.hi !== null && flow >= a.hi : flow <= a.lo) continue;
        reached[next] = 1;
        via[next] = { arc: i, forward };
        position[position.length - 1] = k + 1;
        stack.push(next);
        position.push(0);
        descended = true;
        break;
      }
      if (!descended) {
        stack.pop();
        position.pop();
      }
    }
  } else {
    const distance: (bigint | null)[] = new Array<bigint | null>(net.nodes).fill(null);
    const done = new Uint8Array(net.nodes);
    distance[from] = 0n;
    for (;;) {
      let node = -1;
      for (let n = 0; n < net.nodes; n++) {
        const d = distance[n] ?? null;
        if (done[n] === 0 && d !== null && (node < 0 || d < distance[node]!)) node = n;
      }
      if (node < 0 || node === to) break;
      done[node] = 1;
      for (const i of net.adjacency[node]!) {
        if (i === excluded) continue;
        const a = net.arcs[i]!;
        const forward = a.tail === node;
        const next = forward ? a.head : a.tail;
        if (done[next] === 1 || capacity(i, forward, true) <= 0n) continue;
        const d = distance[node]! + (a.state === State.Published ? a.cost : 0n);
        const old = distance[next] ?? null;
        if (old === null || d < old) {
          distance[next] = d;
          via[next] = { arc: i, forward };
        }
      }
    }
    if (distance[to] === null) return null;
    reached[to] = 1;
  }
  if (reached[to] === 0) return null;
  const path: Step[] = [];
  for (let node = to; node !== from; ) {
    const step = via[node]!;
    path.push(step);
    const a = net.arcs[step.arc]!;
    node = step.forward ? a.tail : a.head;
  }
  return path.reverse();
}

interface ArcRule {
  /** Whether the arc is sensitive (hidden on its own) and what a reader then knows of it. */
  sensitive(value: bigint, arc: number): { lo: bigint; hi: bigint | null; up: bigint; down: bigint } | null;
  /** What a reader knows of an arc hidden to protect another. */
  readonly secondaryLo: (value: bigint, arc: number) => bigint;
  readonly secondaryHi: null;
}

/** Builds the network of an R × C table (values per arc in the numbering of `tableShape`) and protects it. */
function protectNetwork(rows: number, columns: number, values: readonly bigint[], rule: ArcRule): State[] {
  const shape = tableShape(rows, columns);
  const adjacency: number[][] = Array.from({ length: shape.nodes }, () => []);
  const arcs: Arc[] = values.map((value, i) => {
    const [tail, head] = shape.ends(i);
    adjacency[tail]!.push(i);
    adjacency[head]!.push(i);
    const sensitive = rule.sensitive(value, i);
    return {
      tail,
      head,
      value,
      state: sensitive === null ? State.Published : State.Primary,
      lo: sensitive?.lo ?? value,
      hi: sensitive === null ? value : sensitive.hi,
      up: sensitive?.up ?? 0n,
      down: sensitive?.down ?? 0n,
      secondaryLo: rule.secondaryLo(value, i),
      secondaryHi: rule.secondaryHi,
      cost: value + 1n,
    };
  });
  const net: Network = { nodes: shape.nodes, arcs, adjacency, current: arcs.map((a) => a.value) };
  for (let p = 0; p < arcs.length; p++) {
    const a = arcs[p]!;
    if (a.state !== State.Primary) continue;
    protect(net, p, a.up, true);
    protect(net, p, a.down, false);
  }
  return arcs.map((a) => a.state);
}

// ---------------------------------------------------------------------------------------------
// Input checks and output

function checkThreshold(options: DisclosureOptions | undefined): number {
  const threshold = options?.threshold ?? DEFAULT_DISCLOSURE_THRESHOLD;
  if (!Number.isSafeInteger(threshold) || threshold < MIN_DISCLOSURE_THRESHOLD) {
    throw new DomainError(RuleError.InvalidInput, `The disclosure threshold must be a whole number of at least ${MIN_DISCLOSURE_THRESHOLD}`, { field: 'threshold' });
  }
  return threshold;
}

function checkShape(rows: readonly (readonly unknown[])[]): number {
  const columns = rows[0]?.length ?? 0;
  if (rows.length === 0 || columns === 0 || rows.some((r) => r.length !== columns)) {
    throw new DomainError(RuleError.InvalidInput, 'A table needs at least one row and one column, every row as long as the first', { field: 'cells' });
  }
  return columns;
}

function checkCount(n: number, field: string): bigint {
  if (!Number.isSafeInteger(n) || n < 0) throw new DomainError(RuleError.InvalidInput, 'A count is a whole number, zero or more', { field });
  return BigInt(n);
}

/** Values per arc (cells row by row, row totals, column totals, grand total) with the totals summed. */
function withTotals(cells: readonly (readonly bigint[])[], columns: number): bigint[] {
  const rowTotals = cells.map((row) => row.reduce((s, v) => s + v, 0n));
  const columnTotals = Array.from({ length: columns }, (_, c) => cells.reduce((s, row) => s + row[c]!, 0n));
  const grand = rowTotals.reduce((s, v) => s + v, 0n);
  return [...cells.flat(), ...rowTotals, ...columnTotals, grand];
}

function toDisplay<V>(rows: number, columns: number, values: readonly V[], states: readonly State[], threshold: number): DisplayTable<V> {
  const shape = tableShape(rows, columns);
  const cell = (i: number): DisplayCell<V> => {
    const s = states[i]!;
    if (s === State.Published) return { value: values[i]! };
    // Totals never say "< 5" (see the module comment): a hidden total is always `secondary`.
    return { suppressed: true, reason: s === State.Primary && i < rows * columns ? 'primary' : 'secondary' };
  };
  return {
    threshold,
    cells: Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => cell(shape.cell(r, c)))),
    rowTotals: Array.from({ length: rows }, (_, r) => cell(shape.rowTotal(r))),
    columnTotals: Array.from({ length: columns }, (_, c) => cell(shape.columnTotal(c))),
    grandTotal: cell(shape.grandTotal),
  };
}

/** The rule for counts with threshold t: below t hidden (reader knows 0 … t−1), hidden for protection ≥ t. */
function countRule(threshold: number, cellCount: number): ArcRule {
  const t = BigInt(threshold);
  return {
    // A hidden total is shown as hidden whatever its size, so a reader knows only that it is not negative.
    sensitive: (value, arc) => (value < t ? { lo: 0n, hi: arc < cellCount ? t - 1n : null, up: t - 1n - value, down: value } : null),
    secondaryLo: (_value, arc) => (arc < cellCount ? t : 0n),
    secondaryHi: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Public helpers

/**
 * Protects a table of counts (rows × columns, e.g. request type × country; a third dimension
 * flattened into the rows, such as type × country by month). The row, column and grand totals are
 * the sums of the cells and are part of the table: a total below the threshold is "< 5" too, and
 * totals are hidden for protection like any cell.
 */
export function protectCountTable(counts: readonly (readonly number[])[], options?: DisclosureOptions): DisplayTable<number> {
  const threshold = checkThreshold(options);
  const columns = checkShape(counts);
  const cells = counts.map((row, r) => row.map((n, c) => checkCount(n, `cells.${r}.${c}`)));
  const values = withTotals(cells, columns);
  const states = protectNetwork(counts.length, columns, values, countRule(threshold, counts.length * columns));
  return toDisplay(counts.length, columns, values.map(Number), states, threshold);
}

/**
 * Protects a table of amounts (minor units) where each cell says how many grants it adds up. An
 * amount backed by fewer grants than the threshold (none included) is hidden, and further amounts
 * until a reader cannot narrow it below "somewhere from 0 to twice its value" (for an amount of 0:
 * 0 to the smallest positive amount in the table, so "no grant" looks like "a small grant"). A
 * reader is assumed to know only that amounts are not negative.
 */
export function protectAmountTable(amounts: readonly (readonly BackedAmount[])[], options?: DisclosureOptions): DisplayTable<bigint> {
  const threshold = checkThreshold(options);
  const columns = checkShape(amounts);
  const cells = amounts.map((row, r) =>
    row.map((cell, c) => {
      if (typeof cell.amount !== 'bigint' || cell.amount < 0n) throw new DomainError(RuleError.InvalidInput, 'An amount is a whole number of minor units, zero or more', { field: `cells.${r}.${c}` });
      checkCount(cell.grants, `cells.${r}.${c}.grants`);
      return cell.amount;
    }),
  );
  const values = withTotals(cells, columns);
  const grants = withTotals(
    amounts.map((row) => row.map((cell) => BigInt(cell.grants))),
    columns,
  );
  const t = BigInt(threshold);
  const smallestPositive = values.reduce<bigint | null>((m, v) => (v > 0n && (m === null || v < m) ? v : m), null) ?? 1n;
  const rule: ArcRule = {
    sensitive: (value, arc) => (grants[arc]! < t ? { lo: 0n, hi: null, up: value > 0n ? value : smallestPositive, down: value } : null),
    secondaryLo: () => 0n,
    secondaryHi: null,
  };
  const states = protectNetwork(amounts.length, columns, values, rule);
  return toDisplay(amounts.length, columns, values, states, threshold);
}

/** A one-dimensional breakdown (counts per category) with its total. */
export interface DisplayBreakdown<V> {
  readonly threshold: number;
  readonly cells: readonly DisplayCell<V>[];
  readonly total: DisplayCell<V>;
}

/**
 * Protects a one-dimensional breakdown with its total (requests per country, say): the same rule
 * as a table of one row, so a lone "< 5" is never the total minus the others.
 */
export function protectBreakdown(counts: readonly number[], options?: DisclosureOptions): DisplayBreakdown<number> {
  const table = protectCountTable([counts], options);
  // In a one-row table a column total is its cell and the grand total is the row total; they
  // share a node with nothing else, so they are hidden together and the row's view suffices.
  return { threshold: table.threshold, cells: table.cells[0]!, total: table.rowTotals[0]! };
}

/**
 * Protects a time series (counts per month for one category). With its total (the default), the
 * same rule as a breakdown; without it, a month below the threshold is "< 5" and nothing else
 * needs hiding, since no published figure adds the months up.
 */
export function protectTimeSeries(counts: readonly number[], options?: DisclosureOptions & { readonly withTotal?: boolean }): DisplaySeries<number> {
  if (options?.withTotal === false) {
    const threshold = checkThreshold(options);
    if (counts.length === 0) throw new DomainError(RuleError.InvalidInput, 'A series needs at least one point', { field: 'cells' });
    return {
      threshold,
      cells: counts.map((n, i): DisplayCell<number> => (Number(checkCount(n, `cells.${i}`)) < threshold ? { suppressed: true, reason: 'primary' } : { value: n })),
      total: null,
    };
  }
  return protectBreakdown(counts, options);
}

/** A protected time series; `total` is null when the series is shown without one. */
export interface DisplaySeries<V> {
  readonly threshold: number;
  readonly cells: readonly DisplayCell<V>[];
  readonly total: DisplayCell<V> | null;
}
