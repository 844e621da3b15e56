import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';

/**
 * A view whose code loads when it is first shown (a chunk of its own), so the first page
 * (the dashboard) downloads only what it needs. It says it is loading, and says so if the
 * code cannot be fetched.
 */
export function lazyView<Props extends object>(load: () => Promise<ComponentType<Props>>) {
  let loaded: ComponentType<Props> | undefined;
  return function LazyView(props: Props) {
    const [View, setView] = useState<ComponentType<Props> | undefined>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (View) return;
      load()
        .then((found) => {
          loaded = found;
          setView(() => found);
        })
        .catch(() => setFailed(true));
    }, []);
    if (View) return html`<${View} ...${props} />`;
    return failed
      ? html`<p role="alert">This page could not be loaded. Check the connection and reload.</p>`
      : html`<p role="status">Loading…</p>`;
  };
}
