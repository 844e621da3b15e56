import htm from 'htm';
import { h } from 'preact';

/**
 * Server markup as Preact vnodes, written with htm's tagged templates (the console's own
 * syntax, no JSX build step). Every interpolated value becomes text or an attribute value,
 * never markup, so the renderer escapes it: there is nothing to remember to escape.
 */
export const html = htm.bind(h);
