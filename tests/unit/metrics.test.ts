import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  operationalMetrics,
  publishRecordedMetrics,
} from '../../shared/platform/observability/metrics.js';

function capturedOutput() {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  const warn = vi.spyOn(console, 'warn').mockImplementation((...args) => {
    lines.push(args.join(' '));
  });
  return {
    lines,
    restore: () => {
      write.mockRestore();
      warn.mockRestore();
    },
  };
}

afterEach(() => vi.restoreAllMocks());

describe('publishRecordedMetrics', () => {
  it('writes an invocation’s metrics as one embedded-metric line', async () => {
    const output = capturedOutput();

    operationalMetrics.confirmationGaveUp();
    await publishRecordedMetrics().after();
    output.restore();

    const line = output.lines.find((each) => each.includes('ConfirmationsGaveUp'));
    expect(JSON.parse(line ?? '{}')).toMatchObject({
      ConfirmationsGaveUp: 1,
      _aws: { CloudWatchMetrics: [{ Namespace: 'MentoringIntake' }] },
    });
  });

  it('writes nothing, not even a warning, when the invocation recorded none', async () => {
    const output = capturedOutput();

    await publishRecordedMetrics().after();
    output.restore();

    expect(output.lines).toEqual([]);
  });
});
