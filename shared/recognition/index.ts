// The public entry of letters of recognition, for the features that email and erase them.
// Nothing here imports the PDF renderer: the email senders' bundles stay free of pdf-lib.
export type { IssuedLetter, StoredLetter } from './letter.js';
export { ASSOCIATION, achievementSentence, letterFileName } from './letter-words.js';
export type { IssuedLetters } from './recognition-ports.js';
export { DynamoDbIssuedLetters } from './store/issued-letters.js';
