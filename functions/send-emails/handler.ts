import { deliveryDependencies } from '../../shared/email-delivery/delivery-dependencies.js';
import { emailConfig } from '../../shared/platform/config.js';
import { createSendEmailsHandler } from './create-handler.js';

/** Lambda entry point, run by the table stream's event source mapping (new outbox emails). */
export const handler = createSendEmailsHandler(deliveryDependencies(emailConfig()));
