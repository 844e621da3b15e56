import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { IamRequest, RecordedCall } from './aws-calls.js';
import type { DeployedFunction, DeployedStack, TemplateStatement } from './deployed-stack.js';
import { LOCAL_ACCOUNT } from './local-resource-values.js';

/** One distinct call of a function, and what its role's policy decides of it. */
export interface CallVerdict {
  functionName: string;
  action: string;
  resource: string;
  context?: Record<string, string>;
  /** How many times the function made it. */
  count: number;
  decision: string;
  /** The statement of the role that allowed it (its index among the role's statements). */
  grant?: number;
}

/** An action on a resource that a role grants and no recorded call used. */
export interface UnusedGrant {
  functionName: string;
  action: string;
  resource: string;
}

/** A statement with its references resolved: lists of actions and resources. */
interface ResolvedStatement {
  effect: string;
  actions: string[];
  resources: string[];
  condition?: unknown;
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).map(String);

/** Whether an IAM pattern (`*` and `?` wildcards) matches a value; actions ignore case. */
export function iamPatternMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split('')
    .map((char) =>
      char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

/**
 * Checks every recorded call against the synthesized role of the function that made it,
 * with an IAM policy simulator (@cloud-copilot/iam-simulate: identity policies, resources,
 * condition keys), and lists what each role grants that no call used.
 */
export async function checkPermissions(options: {
  stack: DeployedStack;
  resolve: (value: unknown) => unknown;
  calls: readonly RecordedCall[];
  functionOfCaller: (caller: string) => DeployedFunction | undefined;
}) {
  const statementsOf = new Map<string, ResolvedStatement[]>();
  for (const fn of options.stack.functions) {
    const statements = options.resolve(
      options.stack.roleStatements[fn.roleLogicalId] ?? [],
    ) as TemplateStatement[];
    statementsOf.set(
      fn.logicalId,
      statements.map((statement) => ({
        effect: statement.Effect,
        actions: list(statement.Action),
        resources: list(statement.Resource),
        condition: statement.Condition,
      })),
    );
  }

  // One verdict per distinct request of each function.
  const distinct = new Map<string, { fn: DeployedFunction; request: IamRequest; count: number }>();
  for (const call of options.calls) {
    const fn = options.functionOfCaller(call.caller);
    if (!fn) throw new Error(`A call signed by ${call.caller}, which is no function's role`);
    for (const request of call.iam) {
      const key = JSON.stringify([fn.logicalId, request.action, request.resource, request.context]);
      const seen = distinct.get(key);
      if (seen) seen.count++;
      else distinct.set(key, { fn, request, count: 1 });
    }
  }

  const verdicts: CallVerdict[] = [];
  for (const { fn, request, count } of distinct.values()) {
    const statements = statementsOf.get(fn.logicalId) ?? [];
    const response = await runSimulation(
      {
        identityPolicies: [
          {
            name: fn.roleLogicalId,
            policy: {
              Version: '2012-10-17',
              Statement: statements.map((statement) => ({
                Effect: statement.effect,
                Action: statement.actions,
                Resource: statement.resources,
                ...(statement.condition ? { Condition: statement.condition } : {}),
              })),
            },
          },
        ],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        request: {
          action: request.action,
          principal: `arn:aws:iam::${LOCAL_ACCOUNT.accountId}:role/${fn.roleLogicalId}`,
          resource: { resource: request.resource, accountId: LOCAL_ACCOUNT.accountId },
          contextVariables: request.context ?? {},
        },
      } as Parameters<typeof runSimulation>[0],
      {},
    );
    const decision =
      response.resultType === 'error'
        ? `Error: ${JSON.stringify(response.errors)}`
        : response.overallResult;
    const grant = statements.findIndex(
      (statement) =>
        statement.effect === 'Allow' &&
        statement.actions.some((action) => iamPatternMatches(action, request.action, true)) &&
        statement.resources.some((resource) => iamPatternMatches(resource, request.resource)),
    );
    verdicts.push({
      functionName: fn.name,
      action: request.action,
      resource: request.resource,
      ...(request.context ? { context: request.context } : {}),
      count,
      decision,
      ...(decision === 'Allowed' && grant >= 0 ? { grant } : {}),
    });
  }

  const unused: UnusedGrant[] = [];
  for (const fn of options.stack.functions) {
    const used = verdicts.filter(
      (verdict) => verdict.functionName === fn.name && verdict.decision === 'Allowed',
    );
    for (const statement of statementsOf.get(fn.logicalId) ?? []) {
      if (statement.effect !== 'Allow') continue;
      for (const action of statement.actions) {
        for (const resource of statement.resources) {
          const usedBy = used.some(
            (verdict) =>
              iamPatternMatches(action, verdict.action, true) &&
              iamPatternMatches(resource, verdict.resource),
          );
          if (!usedBy) unused.push({ functionName: fn.name, action, resource });
        }
      }
    }
  }
  return { verdicts, unused };
}

/** The verdicts as a Markdown table, for CI's log and people. */
export function verdictTable(verdicts: readonly CallVerdict[]): string {
  const rows = [...verdicts]
    .sort(
      (a, b) =>
        a.functionName.localeCompare(b.functionName) ||
        a.action.localeCompare(b.action) ||
        a.resource.localeCompare(b.resource),
    )
    .map(
      (verdict) =>
        `| ${verdict.functionName} | ${verdict.action} | ${verdict.resource.replace(/^arn:aws:[^:]+:[^:]*:[^:]*:/, '')} | ${verdict.count} | ${verdict.decision} | ${verdict.grant === undefined ? '' : `#${verdict.grant}`} |`,
    );
  return [
    '| function | action | resource | calls | decision | grant (statement) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
