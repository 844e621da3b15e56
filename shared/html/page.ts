import { escapeHtml } from './escape-html.js';

/** A complete, self-contained HTML page; `bodyHtml` must already be escaped markup. */
export function renderPage(title: string, bodyHtml: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.5rem;color:#003a70}
.reference{font-size:1.25rem;font-weight:700;letter-spacing:.05em}
a{color:#003a70}
li{margin:.25rem 0}
</style>
</head>
<body>
<main>
${bodyHtml}
</main>
</body>
</html>
`;
}
