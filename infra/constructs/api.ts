import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CORS_POLICY } from '../cors-policy.js';
import type { RouteDefinition } from '../routes.js';
import type { Functions } from './functions.js';

/**
 * What each access-log line holds: who asked for which route and how it went. Never a
 * body, a header value or a token: `$context.authorizer.claims` and the like stay out.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
} as const;

/**
 * The HTTP API, generated from the route table. Routes require a staff token unless the
 * table marks them public: the JWT authorizer is the default, so a route added without
 * thought is closed, not open.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly consoleClient: UserPoolClient;

  constructor(
    scope: Construct,
    id: string,
    props: {
      routes: readonly RouteDefinition[];
      functions: Functions;
      allowedOrigins: readonly string[];
      throttle: { rateLimit: number; burstLimit: number };
      logRetention: RetentionDays;
      auth: {
        userPool: UserPool;
        client: UserPoolClient;
        /** Makes the console's app client, whose callback URL is on this API. */
        addConsoleClient: (apiUrl: string) => UserPoolClient;
      };
    },
  ) {
    super(scope, id);
    // The authorizer reads its clients when the first route binds it, below.
    const audiences: UserPoolClient[] = [props.auth.client];
    const staffAuthorizer = new HttpUserPoolAuthorizer('StaffJwt', props.auth.userPool, {
      userPoolClients: audiences,
    });
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'LACMA Mentoring Program intake API',
      createDefaultStage: false,
      defaultAuthorizer: staffAuthorizer,
      corsPreflight: {
        allowOrigins: [...props.allowedOrigins],
        allowMethods: CORS_POLICY.allowMethods.map((method) => CorsHttpMethod[method]),
        allowHeaders: [...CORS_POLICY.allowHeaders],
        exposeHeaders: [...CORS_POLICY.exposeHeaders],
        maxAge: Duration.seconds(CORS_POLICY.maxAgeSeconds),
      },
    });

    // The console's client names this API's URL, so it exists only now; the JWT authorizer
    // accepts its ID tokens as well as the command line's.
    this.consoleClient = props.auth.addConsoleClient(this.httpApi.apiEndpoint);
    audiences.push(this.consoleClient);

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    // Routes with a limit of their own (HttpStage has no property for it: the L1 has).
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    const throttled = props.routes.filter((route) => route.throttle);
    if (throttled.length > 0) {
      cfnStage.routeSettings = Object.fromEntries(
        throttled.map((route) => [
          `${route.method} ${route.path}`,
          // RouteSettings is untyped JSON in the L1: CloudFormation's own (Pascal) case.
          {
            ThrottlingRateLimit: route.throttle?.rateLimit,
            ThrottlingBurstLimit: route.throttle?.burstLimit,
          },
        ]),
      );
    }

    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const route of props.routes) {
      let integration = integrations.get(route.functionName);
      if (!integration) {
        integration = new HttpLambdaIntegration(
          `${route.functionName}-integration`,
          props.functions.get(route.functionName),
        );
        integrations.set(route.functionName, integration);
      }
      const [added] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        ...(route.access === 'public' ? { authorizer: new HttpNoneAuthorizer() } : {}),
      });
      // A route's settings name its key: the route must exist before the stage that sets them.
      if (route.throttle && added) cfnStage.node.addDependency(added);
      if (route.access === 'public' && added) {
        Validations.of(added).acknowledge({
          id: 'AwsSolutions::AwsSolutions-APIG4',
          reason:
            "Public by design: anonymous applicants use the forms, schema, thank-you page and health check; the staff console's page and assets hold no data (it comes from /admin, behind the JWT authorizer); an applicant's page needs the HMAC-signed token from their own confirmation email and has a tighter route throttle. Guarded by stage throttling, reserved concurrency on the intake, body limits and validation.",
        });
      }
    }

    new CfnOutput(scope, 'ApiUrl', { value: this.httpApi.apiEndpoint });
  }
}
