/**
 * CSV for the worklist export: RFC 4180 (every field quoted, quotes doubled, CRLF between records)
 * with formula injection neutralised. A cell starting with `=`, `+`, `-`, `@`, TAB or CR is
 * prefixed with a single quote, so a spreadsheet shows `=HYPERLINK(...)` as text instead of
 * running it (OWASP "CSV injection").
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, neutralised and quoted. `null`/`undefined` become an empty cell. */
export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

/** Rows to a CSV document (the first row is the header). Ends with CRLF. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Starts a download of `csv` as `filename` (Blob + object URL, revoked straight after). */
export function downloadCsv(csv: string, filename: string, doc: Document = document): void {
  // a byte-order mark makes Excel read the file as UTF-8
  const url = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  doc.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
