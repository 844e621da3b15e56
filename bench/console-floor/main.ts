// The console's floor: Preact and htm rendering one line, the least a page built on them ships.
import htm from 'htm';
import { h, render } from 'preact';

const html = htm.bind(h);
const root = document.getElementById('console');
if (root) render(html`<p>Staff console</p>`, root);
