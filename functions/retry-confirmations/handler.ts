import { deliveryDependencies } from '../../shared/email-delivery/delivery-dependencies.js';
import { emailConfig } from '../../shared/platform/config.js';
import { createRetryConfirmationsHandler } from './create-handler.js';

/** Lambda entry point, run by an EventBridge schedule every five minutes: the outbox's sweeper. */
export const handler = createRetryConfirmationsHandler(deliveryDependencies(emailConfig()));
