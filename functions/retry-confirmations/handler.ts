import { confirmationDependencies } from '../../shared/composition/confirmation-dependencies.js';
import { intakeConfig } from '../../shared/config.js';
import { operationalMetrics } from '../../shared/observability/metrics.js';
import { createRetryConfirmationsHandler } from './create-handler.js';

/** Lambda entry point, run by an EventBridge schedule every five minutes. */
export const handler = createRetryConfirmationsHandler({
  ...confirmationDependencies(intakeConfig()),
  metrics: operationalMetrics,
});
