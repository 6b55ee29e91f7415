// Ordering by ISO 8601 times and dates, which sort as plain text. Not `localeCompare`: these
// are not words, and its first use starts the browser's collation, tens of milliseconds on a
// slow phone while a page is drawn.

/** Earlier first (negative when `a` is earlier), as `Array.prototype.sort` wants. */
export function compareIso(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
