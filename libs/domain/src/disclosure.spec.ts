import {
  DEFAULT_DISCLOSURE_THRESHOLD,
  displayCellText,
  protectAmountTable,
  protectBreakdown,
  protectCountTable,
  protectTimeSeries,
  suppressedText,
  type DisplayCell,
  type DisplayTable,
} from './disclosure';
import { isDomainError } from './errors';

// ---------------------------------------------------------------------------------------------
// The attacker: an exact, independent re-identification check by brute force.
//
// Given only the published table (values, labels and totals), a reader knows for every hidden
// figure what its label says — a cell "< t" (primary): 0 … t−1; a cell hidden for protection
// (secondary): ≥ t for counts (anything smaller would have been a "< t"), ≥ 0 for amounts; a hidden
// total: ≥ 0 (totals are never labelled "< t") — and that every row and column adds up to its
// total and the totals to the grand total. A value v is *feasible* for a hidden figure when some
// whole-number table agrees with all of that and puts v there.
//
// Protection, precisely: for every "< t" cell and every total below t, each of 0, 1, … , t−1 is
// feasible (the reader learns nothing beyond "< t": not the value, not that it is non-zero, not a
// narrower range); for every amount backed by fewer than t grants, both 0 and 2v are feasible (0
// and the smallest positive amount for v = 0).
//
// The search is a depth-first search over the hidden figures with the figure under test fixed,
// propagating every sum (a sum with one unknown left forces it; a sum whose bounds exclude its
// total prunes). Values of hidden-for-protection figures are searched up to their true value plus
// a margin, which can only make the attacker weaker at *finding* a witness table, so a failure to
// find one fails the test (the safe direction). The true table only orders the values tried first.

interface Figure {
  /** Known value, or null when hidden. */
  readonly known: number | null;
  readonly lo: number;
  readonly hi: number;
  readonly truth: number;
}

interface Problem {
  readonly figures: Figure[];
  /** Each sum: indexes of figures with +1, and the index of the figure they add up to. */
  readonly sums: { readonly parts: readonly number[]; readonly total: number }[];
}

/** Figures in the library's order: cells row by row, row totals, column totals, grand total. */
function problemOf(table: DisplayTable<number>, truth: number[][], domain: (reason: 'primary' | 'secondary', truth: number, isTotal: boolean) => [number, number]): Problem {
  const rows = truth.length;
  const columns = truth[0]!.length;
  const rowTotals = truth.map((r) => r.reduce((s, v) => s + v, 0));
  const columnTotals = Array.from({ length: columns }, (_, c) => truth.reduce((s, r) => s + r[c]!, 0));
  const grand = rowTotals.reduce((s, v) => s + v, 0);
  const shown = [...table.cells.flat(), ...table.rowTotals, ...table.columnTotals, table.grandTotal];
  const truths = [...truth.flat(), ...rowTotals, ...columnTotals, grand];
  const figures = shown.map((cell, i): Figure => {
    const t = truths[i]!;
    if (cell.suppressed !== true) {
      expect(cell.value).toBe(t);
      return { known: t, lo: t, hi: t, truth: t };
    }
    const [lo, hi] = domain(cell.reason, t, i >= rows * columns);
    return { known: null, lo, hi, truth: t };
  });
  const cell = (r: number, c: number) => r * columns + c;
  const sums: Problem['sums'] = [];
  for (let r = 0; r < rows; r++) sums.push({ parts: Array.from({ length: columns }, (_, c) => cell(r, c)), total: rows * columns + r });
  for (let c = 0; c < columns; c++) sums.push({ parts: Array.from({ length: rows }, (_, r) => cell(r, c)), total: rows * columns + rows + c });
  const grandIndex = rows * columns + rows + columns;
  sums.push({ parts: Array.from({ length: rows }, (_, r) => rows * columns + r), total: grandIndex });
  sums.push({ parts: Array.from({ length: columns }, (_, c) => rows * columns + rows + c), total: grandIndex });
  return { figures, sums };
}

/** Whether some table agreeing with everything published puts `value` in figure `index`. */
function feasible(problem: Problem, index: number, value: number, budget = 200_000): boolean {
  const n = problem.figures.length;
  const lo = problem.figures.map((f) => f.lo);
  const hi = problem.figures.map((f) => f.hi);
  if (value < lo[index]! || value > hi[index]!) return false;
  lo[index] = value;
  hi[index] = value;
  let nodes = 0;
  // Bounds propagation over the sums: parts − total = 0.
  const propagate = (l: number[], h: number[]): boolean => {
    for (let changed = true; changed; ) {
      changed = false;
      for (const sum of problem.sums) {
        const terms = [...sum.parts.map((p) => ({ p, sign: 1 })), { p: sum.total, sign: -1 }];
        let min = 0;
        let max = 0;
        for (const { p, sign } of terms) {
          min += sign > 0 ? l[p]! : -h[p]!;
          max += sign > 0 ? h[p]! : -l[p]!;
        }
        if (min > 0 || max < 0) return false;
        for (const { p, sign } of terms) {
          // The others' range; this term must bring the sum to 0.
          const otherMin = min - (sign > 0 ? l[p]! : -h[p]!);
          const otherMax = max - (sign > 0 ? h[p]! : -l[p]!);
          const newLo = sign > 0 ? -otherMax : otherMin;
          const newHi = sign > 0 ? -otherMin : otherMax;
          if (newLo > l[p]!) {
            l[p] = newLo;
            changed = true;
          }
          if (newHi < h[p]!) {
            h[p] = newHi;
            changed = true;
          }
          if (l[p]! > h[p]!) return false;
        }
      }
    }
    return true;
  };
  const search = (l: number[], h: number[]): boolean => {
    if (++nodes > budget) return false;
    if (!propagate(l, h)) return false;
    let pick = -1;
    for (let i = 0; i < n; i++) if (l[i]! < h[i]! && (pick < 0 || h[i]! - l[i]! < h[pick]! - l[pick]!)) pick = i;
    if (pick < 0) return true;
    const truth = Math.min(Math.max(problem.figures[pick]!.truth, l[pick]!), h[pick]!);
    const values: number[] = [];
    for (let v = l[pick]!; v <= h[pick]!; v++) values.push(v);
    values.sort((a, b) => Math.abs(a - truth) - Math.abs(b - truth) || a - b);
    for (const v of values) {
      const l2 = [...l];
      const h2 = [...h];
      l2[pick] = v;
      h2[pick] = v;
      if (search(l2, h2)) return true;
    }
    return false;
  };
  return search(lo, hi);
}

/** The values 0 … t−1 a reader cannot rule out for each primary count, by figure index. */
function countDomains(threshold: number, margin: number) {
  return (reason: 'primary' | 'secondary', truth: number, isTotal: boolean): [number, number] =>
    isTotal ? [0, truth + margin] : reason === 'primary' ? [0, threshold - 1] : [threshold, truth + margin];
}

/** For each hidden count below the threshold, the values 0 … t−1 a reader cannot rule out, by figure index. */
function possibleValues(table: DisplayTable<number>, truth: number[][]): Map<number, number[]> {
  const t = table.threshold;
  const problem = problemOf(table, truth, countDomains(t, 2 * t));
  const result = new Map<number, number[]>();
  problem.figures.forEach((figure, i) => {
    if (figure.known !== null || figure.truth >= t) return;
    result.set(
      i,
      Array.from({ length: t }, (_, v) => v).filter((v) => feasible(problem, i, v)),
    );
  });
  return result;
}

/** Re-identifications: hidden counts below the threshold for which the reader can rule out any of 0 … t−1. */
function reidentifications(table: DisplayTable<number>, truth: number[][]): string[] {
  const failures: string[] = [];
  for (const [i, values] of possibleValues(table, truth)) {
    if (values.length !== table.threshold) failures.push(`figure ${i} can only be ${values.join(',')}`);
  }
  return failures;
}

/** Every row and column (with its total) and the totals' row and column have 0 or at least 2 hidden figures. */
function linesWithOneHidden(table: DisplayTable<number | bigint>): string[] {
  const lines: { name: string; cells: DisplayCell<number | bigint>[] }[] = [];
  table.cells.forEach((row, r) => lines.push({ name: `row ${r}`, cells: [...row, table.rowTotals[r]!] }));
  table.columnTotals.forEach((total, c) => lines.push({ name: `column ${c}`, cells: [...table.cells.map((row) => row[c]!), total] }));
  lines.push({ name: 'row totals', cells: [...table.rowTotals, table.grandTotal] });
  lines.push({ name: 'column totals', cells: [...table.columnTotals, table.grandTotal] });
  return lines.filter((l) => l.cells.filter((c) => c.suppressed === true).length === 1).map((l) => l.name);
}

/** Seeded PRNG (mulberry32), so the property runs are the same every time. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** A table with only primary suppression, as a naive report would publish it. */
function naive(truth: number[][], threshold: number): DisplayTable<number> {
  const show = (v: number): DisplayCell<number> => (v < threshold ? { suppressed: true, reason: 'primary' } : { value: v });
  const rowTotals = truth.map((r) => r.reduce((s, v) => s + v, 0));
  const columnTotals = truth[0]!.map((_, c) => truth.reduce((s, r) => s + r[c]!, 0));
  return {
    threshold,
    cells: truth.map((r) => r.map(show)),
    rowTotals: rowTotals.map(show),
    columnTotals: columnTotals.map(show),
    grandTotal: show(rowTotals.reduce((s, v) => s + v, 0)),
  };
}

const countHidden = (table: DisplayTable<number | bigint>) => [...table.cells.flat(), ...table.rowTotals, ...table.columnTotals, table.grandTotal].filter((c) => c.suppressed === true).length;

// ---------------------------------------------------------------------------------------------

describe('the attacker (the check must be able to fail)', () => {
  it('recovers a lone small cell from its row total when only primary suppression is applied', () => {
    const truth = [
      [12, 1, 30],
      [20, 9, 17],
    ];
    expect(reidentifications(naive(truth, 5), truth)).toContain('figure 1 can only be 1');
  });

  it('narrows two small cells of a row whose sum is below the threshold', () => {
    const truth = [
      [1, 1, 20, 30],
      [6, 7, 8, 9],
    ];
    // x + y = 2 once the row total is known (neither can be 3 or 4), and each column total gives
    // them away exactly.
    expect(reidentifications(naive(truth, 5), truth)).toEqual(['figure 0 can only be 1', 'figure 1 can only be 1']);
  });
});

describe('protectCountTable', () => {
  it('shows every count below the threshold, zero included, as "< 5" and never its value', () => {
    const truth = [
      [0, 3, 40],
      [7, 25, 60],
    ];
    const table = protectCountTable(truth);
    expect(table.threshold).toBe(DEFAULT_DISCLOSURE_THRESHOLD);
    expect(table.cells[0]![0]).toEqual({ suppressed: true, reason: 'primary' });
    expect(table.cells[0]![1]).toEqual({ suppressed: true, reason: 'primary' });
    expect(displayCellText(table.cells[0]![1]!, 5)).toBe('< 5');
    expect(JSON.stringify(table.cells[0]![1])).not.toContain('3');
    expect(reidentifications(table, truth)).toEqual([]);
    expect(linesWithOneHidden(table)).toEqual([]);
  });

  it('the one relocation request from Tajikistan in March cannot be recovered from any row, column or total', () => {
    // Relocation requests by country (rows) and month (columns January … June).
    const countries = ['KG', 'KZ', 'TJ', 'UZ', 'RU'];
    const truth = [
      [14, 9, 11, 16, 8, 12],
      [22, 18, 25, 19, 30, 21],
      [0, 0, 1, 0, 0, 0],
      [9, 13, 7, 11, 10, 15],
      [31, 27, 35, 29, 33, 26],
    ];
    const table = protectCountTable(truth);
    const tj = countries.indexOf('TJ');
    expect(table.cells[tj]![2]).toEqual({ suppressed: true, reason: 'primary' });
    // Its empty months are "< 5" too and its total is hidden: nobody can tell March from any
    // other month, nor one request from none.
    expect(table.rowTotals[tj]).toEqual({ suppressed: true, reason: 'secondary' });
    expect(table.cells[tj]!.every((c) => c.suppressed === true && c.reason === 'primary')).toBe(true);
    expect(reidentifications(table, truth)).toEqual([]);
    expect(linesWithOneHidden(table)).toEqual([]);
    // The grand total stays published: the protection comes from the other countries' cells.
    expect(table.grandTotal).toEqual({ value: truth.flat().reduce((s, v) => s + v, 0) });
    // Every published figure is the true one (nothing is perturbed, only hidden).
    table.cells.forEach((row, r) => row.forEach((c, m) => c.suppressed !== true && expect(c.value).toBe(truth[r]![m])));
  });

  it('hides more than two cells in a row when two small ones would add up to less than the threshold', () => {
    const truth = [
      [1, 1, 20, 30],
      [6, 7, 8, 9],
      [10, 12, 14, 16],
    ];
    const table = protectCountTable(truth);
    expect(reidentifications(table, truth)).toEqual([]);
    const hiddenInRow0 = [...table.cells[0]!, table.rowTotals[0]!].filter((c) => c.suppressed === true).length;
    expect(hiddenInRow0).toBeGreaterThanOrEqual(3);
  });

  it('a hidden total gets its own complement among the totals', () => {
    // Row 0 adds up to 3: its total is hidden, so another row total (or the grand total) must go.
    const truth = [
      [1, 2, 0],
      [10, 20, 30],
      [15, 25, 35],
    ];
    const table = protectCountTable(truth);
    expect(table.rowTotals[0]).toEqual({ suppressed: true, reason: 'secondary' });
    const hiddenTotals = [...table.rowTotals, table.grandTotal].filter((c) => c.suppressed === true).length;
    expect(hiddenTotals).toBeGreaterThanOrEqual(2);
    expect(reidentifications(table, truth)).toEqual([]);
    expect(linesWithOneHidden(table)).toEqual([]);
  });

  it('never labels a total "< 5": the labels alone would pin cells', () => {
    // A rare request type, one request in each of four countries whose totals are 5 or more.
    const truth = [
      [1, 1, 1, 1],
      [4, 4, 4, 4],
    ];
    const table = protectCountTable(truth);
    expect(table.rowTotals[0]).toEqual({ suppressed: true, reason: 'secondary' });
    expect(reidentifications(table, truth)).toEqual([]);
    // Had the type's total said "< 5" (and each country's hidden total "5 or more"), every cell
    // would be 1 exactly: four cells of at least 1 each (4 + x ≥ 5) adding up to at most 4.
    const labelled = problemOf({ ...table, cells: naive(truth, 5).cells, rowTotals: naive(truth, 5).rowTotals }, truth, (reason, value, isTotal) =>
      reason === 'primary' ? [0, 4] : isTotal ? [5, value + 10] : [5, value + 10],
    );
    expect(Array.from({ length: 5 }, (_, v) => v).filter((v) => feasible(labelled, 0, v))).toEqual([1]);
  });

  it('chooses the smallest cells as complements, deterministically', () => {
    const truth = [
      [3, 50, 9, 70],
      [40, 60, 6, 80],
      [45, 65, 8, 85],
    ];
    const a = protectCountTable(truth);
    const b = protectCountTable(truth.map((r) => [...r]));
    expect(a).toEqual(b);
    expect(reidentifications(a, truth)).toEqual([]);
    // The big cells stay: only the small column (9, 6, 8) and its neighbours pay for the 3.
    expect(a.cells[0]![1]).toEqual({ value: 50 });
    expect(a.cells[1]![3]).toEqual({ value: 80 });
    expect(a.cells[2]![3]).toEqual({ value: 85 });
  });

  it('publishes a table with nothing small as it is', () => {
    const truth = [
      [5, 6],
      [7, 8],
    ];
    const table = protectCountTable(truth);
    expect(countHidden(table)).toBe(0);
    expect(table.grandTotal).toEqual({ value: 26 });
  });

  it('tables with zeros', () => {
    for (const truth of [
      [
        [0, 0, 12],
        [0, 9, 0],
        [30, 0, 0],
      ],
      [
        [0, 0, 0],
        [0, 0, 0],
      ],
      [
        [0, 10, 20],
        [0, 11, 21],
      ],
    ]) {
      const table = protectCountTable(truth);
      expect(reidentifications(table, truth)).toEqual([]);
      expect(linesWithOneHidden(table)).toEqual([]);
    }
  });

  it('single-row and single-column tables', () => {
    for (const truth of [[[4, 17, 23, 0, 9]], [[4], [17], [23], [0], [9]], [[2]], [[12]], [[1, 1]], [[3], [40]]]) {
      const table = protectCountTable(truth);
      expect(reidentifications(table, truth)).toEqual([]);
      expect(linesWithOneHidden(table)).toEqual([]);
    }
  });

  it('a table where everything is small', () => {
    const truth = [
      [1, 2, 1],
      [3, 1, 2],
      [1, 1, 4],
    ];
    const table = protectCountTable(truth);
    expect(table.cells.flat().every((c) => c.suppressed === true && c.reason === 'primary')).toBe(true);
    expect(reidentifications(table, truth)).toEqual([]);
    expect(linesWithOneHidden(table)).toEqual([]);
  });

  it('property: a few hundred random tables (seeded) leak no small count and leave no line with one hidden figure', () => {
    const random = prng(18);
    let hiddenSeen = 0;
    for (let run = 0; run < 300; run++) {
      const rows = 1 + Math.floor(random() * 4);
      const columns = 1 + Math.floor(random() * 4);
      const threshold = 2 + Math.floor(random() * 4);
      const smallShare = random();
      const truth = Array.from({ length: rows }, () =>
        Array.from({ length: columns }, () => (random() < smallShare ? Math.floor(random() * threshold) : threshold + Math.floor(random() * 20))),
      );
      const table = protectCountTable(truth, { threshold });
      expect({ run, truth, threshold, leaks: reidentifications(table, truth) }).toEqual({ run, truth, threshold, leaks: [] });
      expect({ run, lines: linesWithOneHidden(table) }).toEqual({ run, lines: [] });
      hiddenSeen += countHidden(table);
    }
    expect(hiddenSeen).toBeGreaterThan(300);
  });

  it('property: larger random tables (5 × 6, seeded) leak no small count either', () => {
    const random = prng(56);
    for (let run = 0; run < 40; run++) {
      const threshold = 3 + Math.floor(random() * 3);
      const truth = Array.from({ length: 5 }, () => Array.from({ length: 6 }, () => (random() < 0.35 ? Math.floor(random() * threshold) : threshold + Math.floor(random() * 15))));
      const table = protectCountTable(truth, { threshold });
      expect({ run, truth, threshold, leaks: reidentifications(table, truth) }).toEqual({ run, truth, threshold, leaks: [] });
      expect({ run, lines: linesWithOneHidden(table) }).toEqual({ run, lines: [] });
    }
  });

  it('uses the configured threshold in its rule and its text', () => {
    const truth = [
      [2, 8, 30],
      [9, 12, 40],
    ];
    const table = protectCountTable(truth, { threshold: 10 });
    expect(table.cells[0]![1]).toEqual({ suppressed: true, reason: 'primary' });
    expect(table.cells[1]![0]).toEqual({ suppressed: true, reason: 'primary' });
    expect(displayCellText(table.cells[0]![1]!, table.threshold)).toBe('< 10');
    expect(suppressedText(10)).toBe('< 10');
    // Column 0 is "< 10" twice over a total of 11: the total is hidden (and says nothing of its
    // size), or a reader would learn that neither cell is 0 or 1.
    expect(table.columnTotals[0]).toEqual({ suppressed: true, reason: 'secondary' });
    expect(reidentifications(table, truth)).toEqual([]);
  });

  it('refuses a threshold below 2 (1 would publish every single person) and malformed tables', () => {
    const bad = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return isDomainError(e, 'invalid-input');
      }
      return false;
    };
    expect(bad(() => protectCountTable([[1]], { threshold: 1 }))).toBe(true);
    expect(bad(() => protectCountTable([[1]], { threshold: 0 }))).toBe(true);
    expect(bad(() => protectCountTable([[1]], { threshold: 2.5 }))).toBe(true);
    expect(bad(() => protectCountTable([]))).toBe(true);
    expect(bad(() => protectCountTable([[1, 2], [3]]))).toBe(true);
    expect(bad(() => protectCountTable([[-1]]))).toBe(true);
    expect(bad(() => protectCountTable([[1.5]]))).toBe(true);
    expect(protectCountTable([[1]], { threshold: 2 }).cells[0]![0]).toEqual({ suppressed: true, reason: 'primary' });
  });

  it('gives the text every export uses: value, "< 5", or the hidden mark', () => {
    expect(displayCellText({ value: 17 }, 5)).toBe('17');
    expect(displayCellText({ suppressed: true, reason: 'primary' }, 5)).toBe('< 5');
    expect(displayCellText({ suppressed: true, reason: 'secondary' }, 5)).toBe('x');
    expect(displayCellText({ suppressed: true, reason: 'secondary' }, 5, '..')).toBe('..');
    expect(displayCellText({ value: 12345n }, 5)).toBe('12345');
  });

  it('protects a 200 × 50 table in reasonable time (polynomial, no search)', () => {
    const random = prng(200);
    const truth = Array.from({ length: 200 }, () => Array.from({ length: 50 }, () => (random() < 0.3 ? Math.floor(random() * 5) : 5 + Math.floor(random() * 200))));
    const started = performance.now();
    const table = protectCountTable(truth);
    const elapsed = performance.now() - started;
    expect(linesWithOneHidden(table)).toEqual([]);
    expect(elapsed).toBeLessThan(10_000);
  });
});

describe('protectBreakdown and protectTimeSeries', () => {
  const asTable = (cells: readonly DisplayCell<number>[], total: DisplayCell<number>, threshold: number): DisplayTable<number> => ({
    threshold,
    cells: [cells],
    rowTotals: [total],
    columnTotals: cells,
    grandTotal: total,
  });

  it('a breakdown with its total never leaves a lone "< 5" to be subtracted out', () => {
    const counts = [40, 3, 25, 61, 12];
    const view = protectBreakdown(counts);
    expect(view.cells[1]).toEqual({ suppressed: true, reason: 'primary' });
    const hidden = view.cells.filter((c) => c.suppressed === true).length + (view.total.suppressed === true ? 1 : 0);
    expect(hidden).toBeGreaterThanOrEqual(2);
    // The smallest other category goes, not the total.
    expect(view.cells[4]).toEqual({ suppressed: true, reason: 'secondary' });
    expect(view.total).toEqual({ value: 141 });
    expect(reidentifications(asTable(view.cells, view.total, 5), [counts])).toEqual([]);
  });

  it('a time series per month with its total follows the same rule', () => {
    const months = [8, 11, 1, 9, 14, 0, 7, 10, 12, 6, 9, 13];
    const view = protectTimeSeries(months);
    expect(view.total).not.toBeNull();
    expect(reidentifications(asTable(view.cells, view.total!, 5), [months])).toEqual([]);
    expect(view.cells[2]).toEqual({ suppressed: true, reason: 'primary' });
    expect(view.cells[5]).toEqual({ suppressed: true, reason: 'primary' });
  });

  it('a time series shown without a total needs only the "< 5"', () => {
    const view = protectTimeSeries([8, 1, 0, 9], { withTotal: false, threshold: 5 });
    expect(view.total).toBeNull();
    expect(view.cells).toEqual([{ value: 8 }, { suppressed: true, reason: 'primary' }, { suppressed: true, reason: 'primary' }, { value: 9 }]);
  });

  it('a series of small months hides its total too', () => {
    const months = [1, 2, 1];
    const view = protectTimeSeries(months);
    expect(view.total).toEqual({ suppressed: true, reason: 'secondary' });
    expect(reidentifications(asTable(view.cells, view.total!, 5), [months])).toEqual([]);
  });
});

describe('protectAmountTable', () => {
  const amountDomains = (reason: 'primary' | 'secondary', truth: number): [number, number] => (reason === 'primary' ? [0, 3 * truth + 100] : [0, 3 * truth + 100]);

  /** For every hidden amount backed by few grants: 0 and twice its value (the smallest positive amount for 0) must be feasible. */
  function amountLeaks(table: DisplayTable<bigint>, truth: { amount: number; grants: number }[][]): string[] {
    const numeric: DisplayTable<number> = {
      threshold: table.threshold,
      cells: table.cells.map((r) => r.map((c) => (c.suppressed === true ? c : { value: Number(c.value) }))),
      rowTotals: table.rowTotals.map((c) => (c.suppressed === true ? c : { value: Number(c.value) })),
      columnTotals: table.columnTotals.map((c) => (c.suppressed === true ? c : { value: Number(c.value) })),
      grandTotal: table.grandTotal.suppressed === true ? table.grandTotal : { value: Number(table.grandTotal.value) },
    };
    const problem = problemOf(
      numeric,
      truth.map((r) => r.map((c) => c.amount)),
      amountDomains,
    );
    // As the library: the smallest positive amount of the table, or 1 minor unit when all are 0.
    const positives = problem.figures.map((f) => f.truth).filter((v) => v > 0);
    const smallestPositive = positives.length > 0 ? Math.min(...positives) : 1;
    // The grants behind each figure (cells, row totals, column totals, grand total): every figure
    // backed by fewer than the threshold, cell or total, must be hidden and protected.
    const grants = truth.map((r) => r.map((c) => c.grants));
    const rowGrants = grants.map((r) => r.reduce((a, b) => a + b, 0));
    const columnGrants = grants[0]!.map((_, c) => grants.reduce((a, r) => a + r[c]!, 0));
    const allGrants = [...grants.flat(), ...rowGrants, ...columnGrants, rowGrants.reduce((a, b) => a + b, 0)];
    const failures: string[] = [];
    problem.figures.forEach((figure, i) => {
      if (allGrants[i]! >= table.threshold) return;
      if (figure.known !== null) {
        failures.push(`amount ${i} backed by ${allGrants[i]} grants is published`);
        return;
      }
      const top = figure.truth > 0 ? 2 * figure.truth : smallestPositive;
      for (const v of [0, top]) if (!feasible(problem, i, v)) failures.push(`amount ${i} (truly ${figure.truth}) cannot be ${v}`);
    });
    return failures;
  }

  it('hides an amount backed by fewer than 5 grants, and enough others that it cannot be worked out', () => {
    // Disbursed amounts by fund (rows) and budget line (columns), with the grants behind each.
    const truth = [
      [
        { amount: 500, grants: 2 },
        { amount: 3000, grants: 9 },
        { amount: 4200, grants: 12 },
      ],
      [
        { amount: 2600, grants: 7 },
        { amount: 5100, grants: 15 },
        { amount: 3900, grants: 11 },
      ],
    ];
    const table = protectAmountTable(truth.map((r) => r.map((c) => ({ amount: BigInt(c.amount), grants: c.grants }))));
    expect(table.cells[0]![0]).toEqual({ suppressed: true, reason: 'primary' });
    expect(amountLeaks(table, truth)).toEqual([]);
    expect(linesWithOneHidden(table)).toEqual([]);
    const published = table.cells.flat().filter((c) => c.suppressed !== true);
    expect(published.length).toBeGreaterThan(0);
  });

  it('property: random amount tables (seeded) leak no amount backed by few grants', () => {
    const random = prng(1818);
    for (let run = 0; run < 150; run++) {
      const rows = 1 + Math.floor(random() * 3);
      const columns = 1 + Math.floor(random() * 3);
      const truth = Array.from({ length: rows }, () =>
        Array.from({ length: columns }, () => {
          const grants = random() < 0.4 ? Math.floor(random() * 5) : 5 + Math.floor(random() * 10);
          return { amount: grants === 0 ? 0 : grants * (1 + Math.floor(random() * 6)), grants };
        }),
      );
      const table = protectAmountTable(truth.map((r) => r.map((c) => ({ amount: BigInt(c.amount), grants: c.grants }))));
      expect({ run, truth, leaks: amountLeaks(table, truth) }).toEqual({ run, truth, leaks: [] });
      expect({ run, lines: linesWithOneHidden(table) }).toEqual({ run, lines: [] });
    }
  });

  it('refuses negative amounts and a shape that is not a table', () => {
    expect(() => protectAmountTable([[{ amount: -1n, grants: 1 }]])).toThrow();
    expect(() => protectAmountTable([[{ amount: 1n, grants: -1 }]])).toThrow();
    expect(() => protectAmountTable([[{ amount: 1n, grants: 1 }], []])).toThrow();
  });
});
