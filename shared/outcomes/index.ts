/**
 * The end of the program year: completing a cycle's matches (at its end date, or when staff
 * complete it), the evaluations people give, and the outcomes report for the board.
 */
export {
  type CompletionRefusal,
  type CycleCompleted,
  type CycleCompletionDependencies,
  completeCycleNow,
} from './complete-cycles.js';
export { outcomesCsv } from './outcomes-csv.js';
export { type OutcomesReport, outcomesReport } from './outcomes-report.js';
export { DynamoDbCycleCompletion } from './store/cycle-completion-store.js';
export { DynamoDbOutcomes, type OutcomesStore } from './store/outcomes-store.js';
