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
    // No env, on purpose: the stack is environment-agnostic, and the account and region are
    // the deploy's (AWS::AccountId, AWS::Region), whichever credentials and region deploy it.
    // Passing CDK_DEFAULT_ACCOUNT/REGION baked what the CLI guessed (us-east-1 on a machine
    // with no profile) into SES ARNs, the console's issuer URL and the asset bucket's name.
    // Nothing here needs a concrete env: no lookups, no construct that varies by region.
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, config };
}
