/**
 * Renders rows as a plain-text table with a header rule; numbers are right-aligned.
 * @example console.log(formatTable(['clients', 'p99 ms'], [[1, 2.5], [200, 9]]))
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map((row) => row.map((cell) => String(cell)));
  const widths = headers.map((header, i) => Math.max(header.length, ...cells.map((row) => (row[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.every((row) => typeof row[i] === 'number'));
  const line = (row: readonly string[]): string =>
    row.map((cell, i) => (numeric[i] ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** The one line a runner reads back: `{"bench":name,...}`. */
export function printJson(bench: string, result: object): void {
  console.log(JSON.stringify({ bench, ...result }));
}
