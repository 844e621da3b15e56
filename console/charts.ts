import { html } from './html.js';

/** One series of a bar chart: a name (for the legend and the table) and a value per category. */
export interface Series {
  name: string;
  /** A class from console.css that colours its bars (`series-a`, `series-b`). */
  className: string;
  values: readonly number[];
  /**
   * How each value reads, where a bare number would mislead (an average of no answers is
   * no bar, and reads "no answers", not 0); the values themselves by default.
   */
  readings?: readonly string[];
}

/** A bar chart's data: categories along the bottom, one bar per series in each. */
export interface BarChartData {
  id: string;
  title: string;
  description: string;
  categories: readonly string[];
  series: readonly Series[];
}

const WIDTH = 640;
const BAR_AREA = 200;
const TOP = 10;
const LABEL_SPACE = 90;
// Room on the left for the first slanted label.
const LEFT_MARGIN = 60;

/** A round top for the value axis: 1, 2, 5, 10, 20, 50… at or above `max`. */
export function axisTop(max: number): number {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}

/** Where each bar goes: x, width and height in the chart's coordinates. */
export function barLayout(data: Pick<BarChartData, 'categories' | 'series'>) {
  const top = axisTop(Math.max(0, ...data.series.flatMap((series) => series.values)));
  const slot = WIDTH / Math.max(1, data.categories.length);
  const barWidth = (slot * 0.7) / Math.max(1, data.series.length);
  return data.categories.flatMap((_, categoryAt) =>
    data.series.map((series, seriesAt) => {
      const value = series.values[categoryAt] ?? 0;
      const height = (value / top) * BAR_AREA;
      return {
        categoryAt,
        seriesAt,
        value,
        x: categoryAt * slot + slot * 0.15 + seriesAt * barWidth,
        width: barWidth,
        y: TOP + BAR_AREA - height,
        height,
      };
    }),
  );
}

/**
 * A bar chart as accessible SVG: `role="img"` named by its title and described, drawn from
 * the data with attributes only (no style, no script: the console's CSP allows neither
 * inline), followed by the same numbers as a table for screen readers and for anyone who
 * would rather read them.
 */
export function BarChart({ data }: { data: BarChartData }) {
  const titleId = `${data.id}-title`;
  const descId = `${data.id}-desc`;
  const top = axisTop(Math.max(0, ...data.series.flatMap((series) => series.values)));
  const slot = WIDTH / Math.max(1, data.categories.length);
  return html`<figure class="chart">
    <svg role="img" aria-labelledby=${`${titleId} ${descId}`} viewBox=${`${-LEFT_MARGIN} 0 ${WIDTH + LEFT_MARGIN} ${TOP + BAR_AREA + LABEL_SPACE}`}
      class="chart-svg" focusable="false">
      <title id=${titleId}>${data.title}</title>
      <desc id=${descId}>${data.description}</desc>
      <line class="axis" x1="0" x2=${WIDTH} y1=${TOP + BAR_AREA} y2=${TOP + BAR_AREA} />
      <text class="axis-label" x="-4" y=${TOP + 10} text-anchor="end">${top}</text>
      ${barLayout(data).map(
        (bar) =>
          html`<rect class=${data.series[bar.seriesAt]?.className ?? ''} x=${bar.x} y=${bar.y}
            width=${bar.width} height=${bar.height}><title>${`${data.categories[bar.categoryAt]}, ${data.series[bar.seriesAt]?.name}: ${data.series[bar.seriesAt]?.readings?.[bar.categoryAt] ?? bar.value}`}</title></rect>`,
      )}
      ${data.categories.map((category, at) =>
        // With many categories (days), every few are labelled so labels never overlap.
        at % Math.ceil(data.categories.length / 10) === 0
          ? data.categories.length > 4
            ? // Many long labels (the county's regions) are slanted so they never overlap.
              html`<text class="category-label" text-anchor="end"
                transform=${`translate(${at * slot + slot / 2} ${TOP + BAR_AREA + 12}) rotate(-25)`}>${category}</text>`
            : html`<text class="category-label" x=${at * slot + slot / 2} y=${TOP + BAR_AREA + 18}
            text-anchor="middle">${category}</text>`
          : null,
      )}
    </svg>
    <figcaption>
      <span class="legend">${data.series.map(
        (series) =>
          html`<span class="legend-item"><span class=${`swatch ${series.className}`} aria-hidden="true"></span>${series.name}</span>`,
      )}</span>
    </figcaption>
    <table class="results chart-table">
      <caption>${data.title} (as a table)</caption>
      <thead><tr><th scope="col">${'Group'}</th>${data.series.map((series) => html`<th scope="col">${series.name}</th>`)}</tr></thead>
      <tbody>${data.categories.map(
        (category, at) =>
          html`<tr><th scope="row">${category}</th>${data.series.map((series) => html`<td>${series.readings?.[at] ?? series.values[at] ?? 0}</td>`)}</tr>`,
      )}</tbody>
    </table>
  </figure>`;
}
