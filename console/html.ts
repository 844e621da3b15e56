import htm from 'htm';
import { h } from 'preact';

/**
 * Preact with htm's tagged templates instead of JSX: no build step beyond esbuild, and
 * every value is set as text or a property, never parsed as markup, so it runs under
 * Trusted Types and an applicant's `<img onerror>` stays text.
 */
export const html = htm.bind(h);
