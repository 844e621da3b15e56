import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IntakeStack } from './intake-stack.js';
import type { RouteDefinition } from './routes.js';
import { readStageConfig } from './stage-config.js';

/**
 * Builds the CDK app for the stage named in context (`-c stage=prod`, default `dev`),
 * with cdk-nag's AwsSolutions checks on every construct.
 */
export function buildApp(
  options: {
    context?: Record<string, unknown>;
    routes?: readonly RouteDefinition[];
    /** Where the cloud assembly goes (the CLI says through CDK_OUTDIR when it runs the app). */
    outdir?: string;
  } = {},
) {
  const app = new App({ context: options.context, outdir: options.outdir });
  const stage = String(app.node.tryGetContext('stage') ?? 'dev');
  const config = readStageConfig(stage, app.node.tryGetContext('stages'));
  const stack = new IntakeStack(app, `MentoringIntake-${stage}`, {
    config,
    routes: options.routes,
    description: `LACMA Mentoring Program intake API (${stage})`,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, config };
}
