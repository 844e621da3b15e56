import { describe, expect, it } from 'vitest';
import { readStageConfig, StageConfigError } from '../../infra/stage-config.js';
import { TEST_STAGE } from './synth.js';

describe('readStageConfig', () => {
  it('reads a stage and marks prod as production', () => {
    expect(readStageConfig('prod', { prod: TEST_STAGE })).toMatchObject({
      stage: 'prod',
      production: true,
      logRetentionDays: 90,
    });
    expect(readStageConfig('dev', { dev: TEST_STAGE }).production).toBe(false);
  });

  it('says what to add when a stage has no settings', () => {
    expect(() => readStageConfig('prod', { dev: TEST_STAGE })).toThrow(
      /no settings for stage "prod": add context "stages"/,
    );
  });

  it('names each missing or wrong setting', () => {
    const { staffEmail: _missing, ...rest } = TEST_STAGE;
    const attempt = () =>
      readStageConfig('dev', { dev: { ...rest, allowedOrigins: ['https://www.ladocs.org/path'] } });

    expect(attempt).toThrow(StageConfigError);
    expect(attempt).toThrow(
      /stages\.dev\.allowedOrigins\.0: must be an origin.*stages\.dev\.staffEmail/,
    );
  });

  it('requires the sender address to be at the verified domain', () => {
    expect(() =>
      readStageConfig('dev', { dev: { ...TEST_STAGE, senderEmail: 'someone@elsewhere.org' } }),
    ).toThrow(/senderEmail must be an address at senderDomain/);
  });
});
