import { answerText } from '../applications/answers.js';
import {
  type ApplicationType,
  applicationSchemas,
} from '../applications/schemas/application-types.js';
import {
  describeFields,
  type FieldDescription,
} from '../applications/schemas/field-descriptions.js';
import type { Submission } from '../applications/submission.js';
import { csvRecord, UTF8_BOM } from '../platform/text/csv.js';

/** One column of the export: its header and how a submission fills it. */
interface Column {
  header: string;
  cell(submission: Submission): string;
}

/**
 * The export's columns: the submission's own details, then every answer of the roles
 * exported (labels as headers, choices as their labels), each field once.
 */
export function exportColumns(types: readonly ApplicationType[]): Column[] {
  const fields = new Map<string, FieldDescription>();
  for (const type of types) {
    for (const [name, field] of describeFields(applicationSchemas[type])) {
      if (!fields.has(name)) fields.set(name, field);
    }
  }
  const answers: Column[] = [...fields.values()].map((field) => ({
    header: field.meta.title,
    cell: (submission) =>
      answerText(field, (submission.application as Record<string, unknown>)[field.name]),
  }));
  return [
    { header: 'Reference', cell: (s) => s.reference },
    { header: 'Role', cell: (s) => s.type },
    { header: 'Status', cell: (s) => s.status },
    { header: 'Received', cell: (s) => s.createdAt },
    ...answers,
    { header: 'Duplicate of', cell: (s) => s.duplicateOf ?? '' },
    // Staff see at a glance who was never told (bounced, complained, suppressed, failed).
    { header: 'Confirmation email', cell: (s) => s.confirmation.state },
    { header: 'Staff notes', cell: (s) => s.notes ?? '' },
    { header: 'Id', cell: (s) => s.id },
  ];
}

/**
 * Streams submissions as an RFC 4180 CSV, with a UTF-8 byte-order mark first so Excel
 * reads accents correctly, and a header row.
 */
export async function* submissionsCsv(
  types: readonly ApplicationType[],
  submissions: AsyncIterable<Submission>,
): AsyncGenerator<string> {
  const columns = exportColumns(types);
  yield UTF8_BOM + csvRecord(columns.map((column) => column.header));
  for await (const submission of submissions) {
    yield csvRecord(columns.map((column) => column.cell(submission)));
  }
}
