import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../build-app.js';

const CDK_JSON = fileURLToPath(new URL('../../cdk.json', import.meta.url));

/**
 * Synthesizes a stage of the stack as `cdk synth` does, bundles included, into `outdir`:
 * the same app (infra/build-app.ts), cdk.json's context, and the metadata the CLI turns on
 * (construct paths and asset folders). cdk-nag runs too: a finding stops it.
 */
export function synthesizeBundled(outdir: string, stage = 'dev') {
  const { context } = JSON.parse(readFileSync(CDK_JSON, 'utf8')) as {
    context: Record<string, unknown>;
  };
  const { app, stack } = buildApp({
    context: {
      ...context,
      stage,
      'aws:cdk:enable-path-metadata': true,
      'aws:cdk:enable-asset-metadata': true,
    },
    outdir,
  });
  app.synth();
  return { assemblyDir: outdir, stackName: stack.stackName };
}
