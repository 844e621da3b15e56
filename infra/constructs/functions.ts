import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BUNDLE_OPTIONS } from '../bundle-options.js';

const FUNCTIONS_DIR = fileURLToPath(new URL('../../functions/', import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The newest Node.js runtime aws-cdk-lib offers. */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;

/** Well under API Gateway's 30 s integration timeout, so the API never answers 504 first. */
export const FUNCTION_TIMEOUT = Duration.seconds(10);

/** Settings one function adds to the defaults. */
export interface FunctionSettings {
  memorySize?: number;
  reservedConcurrentExecutions?: number;
  environment?: Record<string, string>;
  /** Commands run after esbuild, given the bundle's directory: files to ship beside it. */
  afterBundling?: (outputDir: string) => string[];
}

/**
 * One NodejsFunction per folder in functions/, with the defaults every function shares:
 * arm64, the newest Node.js runtime, a minified, tree-shaken ESM bundle with source maps
 * built by the local esbuild (no Docker), an explicit log group, and a role of its own
 * that may write only to that log group until a binding grants more.
 */
export class Functions extends Construct {
  private readonly byName = new Map<string, NodejsFunction>();

  constructor(
    scope: Construct,
    id: string,
    props: {
      names: readonly string[];
      logRetention: RetentionDays;
      settings?: Record<string, FunctionSettings>;
      environment?: Record<string, string>;
    },
  ) {
    super(scope, id);
    for (const name of props.names) {
      const settings = props.settings?.[name] ?? {};
      const logGroup = new LogGroup(this, `${name}-logs`, {
        retention: props.logRetention,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const role = new Role(this, `${name}-role`, {
        assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
        description: `Runs the ${name} function`,
      });
      role.addToPolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroup.logGroupArn],
        }),
      );
      const fn = new NodejsFunction(this, name, {
        entry: join(FUNCTIONS_DIR, name, 'handler.ts'),
        handler: 'handler',
        projectRoot: PROJECT_ROOT,
        depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
        runtime: FUNCTION_RUNTIME,
        architecture: Architecture.ARM_64,
        memorySize: settings.memorySize ?? 256,
        timeout: FUNCTION_TIMEOUT,
        role,
        logGroup,
        loggingFormat: LoggingFormat.JSON,
        reservedConcurrentExecutions: settings.reservedConcurrentExecutions,
        environment: {
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'mentoring-intake',
          ...props.environment,
          ...settings.environment,
        },
        bundling: {
          format: OutputFormat.ESM,
          target: BUNDLE_OPTIONS.target,
          platform: BUNDLE_OPTIONS.platform,
          minify: BUNDLE_OPTIONS.minify,
          sourceMap: true,
          sourcesContent: false,
          mainFields: [...BUNDLE_OPTIONS.mainFields],
          // The SDK v3 is bundled, not taken from the runtime, so only what is used ships.
          externalModules: [],
          banner: BUNDLE_OPTIONS.banner,
          esbuildArgs: Object.fromEntries(
            Object.entries(BUNDLE_OPTIONS.alias).map(([from, to]) => [`--alias:${from}`, to]),
          ),
          ...(settings.afterBundling
            ? {
                commandHooks: {
                  beforeBundling: () => [],
                  beforeInstall: () => [],
                  afterBundling: (_inputDir: string, outputDir: string) =>
                    settings.afterBundling?.(outputDir) ?? [],
                },
              }
            : {}),
        },
      });
      this.byName.set(name, fn);
    }
  }

  /** The function built from `functions/<name>/`. */
  get(name: string): NodejsFunction {
    const fn = this.byName.get(name);
    if (!fn) throw new Error(`no function ${name} in ${Stack.of(this).stackName}`);
    return fn;
  }

  /** Every function, by name. */
  all(): ReadonlyMap<string, NodejsFunction> {
    return this.byName;
  }
}
