import { DynamoDbCycleCalendar } from '../../shared/applications/store/cycle-calendar.js';
import { dynamoDbDocumentClient } from '../../shared/platform/aws/clients.js';
import { lettersConfig } from '../../shared/platform/config.js';
import { loadLetterFonts } from '../../shared/recognition/letter-fonts.js';
import { DynamoDbRecognition } from '../../shared/recognition/store/recognition-store.js';
import { createLettersHandler } from './create-handler.js';

const config = lettersConfig();
const client = dynamoDbDocumentClient();

/** Lambda entry point for `/admin/cycles/{id}/letters`: letters of recognition. */
export const handler = createLettersHandler({
  store: new DynamoDbRecognition(client, config.TABLE_NAME),
  calendar: new DynamoDbCycleCalendar(client, config.TABLE_NAME),
  fonts: () => loadLetterFonts(),
  now: () => new Date(),
});
