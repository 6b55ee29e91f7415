// Saving data the app already holds as a file, without a second trip to the server: the file
// is made in the browser, so its address never carries anyone's name or id.

/** "harbour-my-data-2026-12-04.json": a name that says what it is and when, and nothing
 * about who it is for (it may end up in a shared downloads folder). */
export function dataFileName(kind: string, now: Date = new Date()): string {
  return `harbour-${kind}-${now.toISOString().slice(0, 10)}.json`;
}

/** Offers `data` as a JSON file called `name`. */
export function saveJson(data: unknown, name: string): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has been handled, so the browser has started saving the file.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
