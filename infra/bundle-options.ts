/**
 * How every function is bundled: one source of truth for the CDK's NodejsFunction and for
 * `npm run bench`, which measures the same bundles Lambda runs.
 */
export const BUNDLE_OPTIONS = {
  format: 'esm',
  platform: 'node',
  minify: true,
  // Lambda runs Node 24; the bench runs them on this machine's Node 20, so both get code
  // both understand.
  target: 'node20',
  mainFields: ['module', 'main'],
  // Some CommonJS dependencies call require(); ESM bundles have to provide it.
  banner: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
  // Relative to the project root, where both esbuild runs start.
  alias: {
    '@aws-sdk/credential-provider-node': './infra/lambda-runtime/credentials-from-environment.ts',
  },
} as const;
