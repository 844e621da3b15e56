/**
 * Saves a file the API answered (a CSV, a letter's PDF): the console signs its requests with
 * a bearer token, which a plain link cannot send, so the file is fetched, then handed to
 * the browser's download through a short-lived object URL.
 */
export function saveFile(filename: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
