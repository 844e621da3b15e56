import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A value like the one Secrets Manager generates for `GenerateSecretString` without punctuation. */
export function generatedSecretString(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}

/**
 * The local stand-in for Secrets Manager: `GetSecretValue` of the secrets it is given, by
 * ARN, over the service's own JSON protocol. Nothing on npm stands in for Secrets Manager
 * without Docker (LocalStack is a Python service), and the runtime needs one call.
 */
export async function startSecretsManagerLocal(secrets: ReadonlyMap<string, string>) {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(body));
      };
      let secretId = '';
      try {
        secretId = String(
          (JSON.parse(Buffer.concat(chunks).toString()) as { SecretId?: string }).SecretId,
        );
      } catch {
        return reply(400, { __type: 'InvalidRequestException', message: 'Malformed request' });
      }
      if (target !== 'secretsmanager.GetSecretValue') {
        return reply(400, {
          __type: 'InvalidRequestException',
          message: `${target} is not stood in for`,
        });
      }
      const value = secrets.get(secretId);
      if (value === undefined) {
        return reply(400, {
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        });
      }
      reply(200, {
        ARN: secretId,
        Name: secretId.split(':').pop(),
        SecretString: value,
        VersionId: '00000000-0000-0000-0000-000000000001',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 0,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
