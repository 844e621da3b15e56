import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from '../../platform/table/batch-get.js';
import { normalizedAddress } from '../../platform/text/email-address.js';
import type { AddressProblem, AddressProblems } from '../address-problems.js';
import { type Fingerprints, legacyEmailKey } from '../fingerprints.js';
import { type Item, itemKeys } from './application-item.js';

/**
 * The suppression list as staff read it: each address's reason and date, for many
 * addresses in one BatchGetItem (100 keys a call). Read only; the bounce and complaint
 * handler writes it (DynamoDbEmailOutbox.recordDeliveryProblem).
 */
export class DynamoDbAddressProblems implements AddressProblems {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Keys the suppression list by a keyed hash of each address. */
    private readonly fingerprints: Fingerprints,
  ) {}

  async find(addresses: readonly string[]): Promise<Map<string, AddressProblem>> {
    const keyed = await Promise.all(
      addresses.map(async (address) => {
        const normalized = normalizedAddress(address);
        // Items written before the key existed are under the unkeyed digest and never
        // expire: the sender still honours them (see README, "Keyed hashes"), so staff see them.
        const hashes = [await this.fingerprints.emailKey(normalized), legacyEmailKey(normalized)];
        return { address, keys: hashes.map((hash) => itemKeys.suppressedAddress(hash)) };
      }),
    );
    const unique = new Map(keyed.flatMap(({ keys }) => keys.map((key) => [key.pk, key])));
    // Eventually consistent: a suppression recorded a moment ago shows on the next read,
    // and the sender, which reads it consistently, drops the email either way.
    const items = await batchGetAll(this.client, this.tableName, [...unique.values()]);
    const listed = new Map(items.map((item) => [String(item.pk), item]));
    const found = new Map<string, AddressProblem>();
    for (const { address, keys } of keyed) {
      const item = keys.map((key) => listed.get(key.pk)).find(Boolean);
      if (item) found.set(address, problemOf(item));
    }
    return found;
  }
}

function problemOf(item: Item): AddressProblem {
  return {
    // Items written before the reason was read back all say one or the other.
    reason: item.reason === 'complained' ? 'complained' : 'bounced',
    ...(typeof item.at === 'string' ? { since: item.at } : {}),
  };
}
