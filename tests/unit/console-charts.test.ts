import { describe, expect, it } from 'vitest';
import { axisTop, barLayout } from '../../console/charts.js';

describe("the dashboard's bar charts", () => {
  it('rounds the axis up to 1, 2 or 5 of a power of ten, and never to zero', () => {
    expect([0, 1, 3, 7, 10, 11, 48, 120].map(axisTop)).toEqual([1, 1, 5, 10, 10, 20, 50, 200]);
  });

  it('scales each bar to the axis, side by side within its category', () => {
    const bars = barLayout({
      categories: ['a', 'b'],
      series: [
        { name: 'x', className: 'series-a', values: [5, 0] },
        { name: 'y', className: 'series-b', values: [10, 2] },
      ],
    });
    const height = (categoryAt: number, seriesAt: number) =>
      bars.find((bar) => bar.categoryAt === categoryAt && bar.seriesAt === seriesAt)?.height;
    expect(height(0, 1)).toBe(200);
    expect(height(0, 0)).toBe(100);
    expect(height(1, 0)).toBe(0);
    const [first, second] = bars;
    expect((second?.x ?? 0) - (first?.x ?? 0)).toBeCloseTo(first?.width ?? 0);
  });

  it('draws an empty chart without dividing by zero', () => {
    expect(barLayout({ categories: [], series: [] })).toEqual([]);
    expect(
      barLayout({
        categories: ['a'],
        series: [{ name: 'x', className: 'series-a', values: [0] }],
      })[0]?.height,
    ).toBe(0);
  });
});
