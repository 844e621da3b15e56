/**
 * Hands a file the API answered to the browser's download (a CSV, a PDF): the console calls
 * the API with a token in a header, so a plain link could not fetch it.
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
