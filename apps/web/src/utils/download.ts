// Saves data the page holds as a file (the one way the app does it: receipts, the export, audit CSV/NDJSON,
// checkpoints, the public key): a Blob URL on a link with `download`, clicked, then released.
// No data: URL (the Content-Security-Policy allows none) and no server round trip.
export function saveFile(name: string, file: Blob): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the URL after the click's task: release it a while later, not at once.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export function saveJson(name: string, value: unknown): void {
  saveFile(name, new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' }));
}

/** yyyy-mm-dd of now in the browser's time zone, for file names. */
export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
