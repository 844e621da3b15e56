import type { ComponentChildren } from 'preact';
import { html } from './markup.js';

/**
 * The skeleton every page of this service shares: language, character set, a viewport for
 * phones, the title, then what the page adds to the head and its body.
 */
export function HtmlDocument(props: {
  title: string;
  head?: ComponentChildren;
  children?: ComponentChildren;
}) {
  return html`<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>${props.title}</title>
${props.head}
</head>
<body>
${props.children}
</body>
</html>`;
}
