import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRIC_NAMES, METRIC_NAMESPACE } from './metric-names.js';
import type { OperationalMetrics } from './operational-ports.js';

/** The container's metrics, written as CloudWatch embedded metric format log lines. */
export const metrics = new Metrics({
  namespace: METRIC_NAMESPACE,
  serviceName: 'mentoring-intake',
});

/** The domain's metrics port, backed by Powertools Metrics. */
export const operationalMetrics: OperationalMetrics = {
  confirmationGaveUp: () =>
    metrics.addMetric(METRIC_NAMES.confirmationsGaveUp, MetricUnit.Count, 1),
  deliveryProblem: (kind) =>
    metrics.addMetric(
      kind === 'bounce' ? METRIC_NAMES.emailsBounced : METRIC_NAMES.emailsComplained,
      MetricUnit.Count,
      1,
    ),
  staffAddressProblem: () =>
    metrics.addMetric(METRIC_NAMES.staffAddressProblems, MetricUnit.Count, 1),
};

/**
 * Publishes the invocation's metrics when it recorded any. Powertools' own logMetrics
 * middleware warns "No application metrics to publish" on every invocation that recorded
 * none, which for the senders is nearly every one: noise in the logs and the local console.
 */
export function publishRecordedMetrics() {
  const publish = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: publish, onError: publish };
}
