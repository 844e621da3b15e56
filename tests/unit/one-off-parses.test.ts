import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { aMentorApplication } from '../support/builders.js';

describe('the intake’s one-off parses', () => {
  it('turn off zod’s code generation, and the intake sets that before any schema is built', async () => {
    const before = z.config().jitless;
    await import('../../shared/platform/one-off-parses.js');

    // zod reads the setting when a schema is built: the entry must import it first.
    const entry = readFileSync(
      new URL('../../functions/submit-application/handler.ts', import.meta.url),
      'utf8',
    );
    const firstImport = entry.split('\n').find((line) => line.startsWith('import '));
    expect(before).not.toBe(true);
    expect(z.config().jitless).toBe(true);
    expect(firstImport).toBe("import '../../shared/platform/one-off-parses.js';");
  });

  it('parse an application to the same result without generated code', async () => {
    await import('../../shared/platform/one-off-parses.js');
    const { applicationSchemas } = await import(
      '../../shared/applications/schemas/application-types.js'
    );
    const application = aMentorApplication();

    const walked = applicationSchemas.mentor.safeParse(application);
    const compiled = applicationSchemas.mentor.safeParse(application, { jitless: false });

    expect(walked.success).toBe(true);
    expect(walked.data).toEqual(compiled.data);
  });
});
