// Dates typed into staff forms as day, month and year.

/** "27", "3", "2008" → "2008-03-27", or null when that is not a date. */
export function isoDate(day: string, month: string, year: string): string | null {
  const [d, m, y] = [day, month, year].map((part) => Number(part.trim()));
  if (!Number.isInteger(d) || !Number.isInteger(m) || !Number.isInteger(y) || year.trim().length !== 4) return null;
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  if (date.getUTCDate() !== d || date.getUTCMonth() !== m! - 1) return null;
  return date.toISOString().slice(0, 10);
}
