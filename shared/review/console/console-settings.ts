import {
  ALLOWED_TRANSITIONS,
  REVIEW_STATUSES,
  type ReviewStatus,
} from '../../applications/review-workflow.js';
import {
  type ApplicationType,
  applicationSchemas,
} from '../../applications/schemas/application-types.js';
import { describeFields, type FieldKind } from '../../applications/schemas/field-descriptions.js';

/** One answer of an application form, as the console labels it. */
export interface ConsoleField {
  name: string;
  label: string;
  kind: FieldKind;
  /** For choices: the label a person reads for each stored value. */
  choices?: Readonly<Record<string, string>>;
}

/** How the console signs in: the OpenID issuer, its app client, and Cognito's `/logout`. */
export interface ConsoleAuthSettings {
  authority: string;
  clientId: string;
  logoutUrl: string;
}

/**
 * What the console page hands its script, as JSON: sign-in settings and the words the API
 * leaves to the client (labels, statuses and the moves allowed), from the same schemas
 * that validate the forms, so the console never keeps a copy that could drift.
 */
export interface ConsoleSettings {
  auth: ConsoleAuthSettings;
  roles: Record<ApplicationType, { label: string; fields: ConsoleField[] }>;
  statuses: Record<ReviewStatus, string>;
  transitions: Readonly<Record<ReviewStatus, readonly ReviewStatus[]>>;
}

const ROLE_LABELS: Record<ApplicationType, string> = { mentor: 'Mentor', mentee: 'Mentee' };
const STATUS_LABELS: Record<ReviewStatus, string> = {
  received: 'Received',
  under_review: 'Under review',
  matched: 'Matched',
  waitlisted: 'Waitlisted',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
  completed: 'Completed',
};

/** The console's settings for the given sign-in. */
export function consoleSettings(auth: ConsoleAuthSettings): ConsoleSettings {
  const roles = Object.fromEntries(
    (Object.keys(applicationSchemas) as ApplicationType[]).map((type) => [
      type,
      {
        label: ROLE_LABELS[type],
        fields: [...describeFields(applicationSchemas[type]).values()].map((field) => ({
          name: field.name,
          label: field.meta.title,
          kind: field.kind,
          ...(field.choices ? { choices: field.choices } : {}),
        })),
      },
    ]),
  ) as ConsoleSettings['roles'];
  return {
    auth,
    roles,
    statuses: Object.fromEntries(
      REVIEW_STATUSES.map((status) => [status, STATUS_LABELS[status]]),
    ) as Record<ReviewStatus, string>,
    transitions: ALLOWED_TRANSITIONS,
  };
}
