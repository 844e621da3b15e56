import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Item, itemKeys } from '../../applications/store/application-item.js';
import { TableGateway } from '../../platform/table/table-gateway.js';
import type { IssuedLetter, StoredLetter } from '../letter.js';
import type { IssuedLetters } from '../recognition-ports.js';

/** The facts of a stored letter item (its PDF left out). */
export function toIssuedLetter(item: Item): IssuedLetter {
  return {
    mentorId: String(item.mentorId),
    mentorName: String(item.mentorName),
    cycleId: String(item.cycleId),
    cycleName: String(item.cycleName),
    mentees: Number(item.mentees),
    meetings: Number(item.meetings),
    issuedAt: String(item.issuedAt),
    issuedBy: String(item.issuedBy),
  };
}

/** The item of an issued letter: its facts and its PDF (a binary attribute, a few KB). */
export function letterItem(letter: StoredLetter): Item {
  return { ...itemKeys.letter(letter.mentorId, letter.cycleId), entity: 'letter', ...letter };
}

/**
 * Issued letters read by key (one GetItem): what the download and a letter's email need.
 * Apart from the rest of the store, so the email senders' bundle carries nothing of issuing.
 */
export class DynamoDbIssuedLetters implements IssuedLetters {
  protected readonly table: TableGateway;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.table = new TableGateway(client, tableName);
  }

  async storedLetter(mentorId: string, cycleId: string): Promise<StoredLetter | undefined> {
    const { Item } = await this.table.get({
      Key: itemKeys.letter(mentorId, cycleId),
      ConsistentRead: true,
    });
    if (!Item || !(Item.pdf instanceof Uint8Array)) return undefined;
    return { ...toIssuedLetter(Item), pdf: Item.pdf };
  }
}
