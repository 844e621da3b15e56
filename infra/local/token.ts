import { parseArgs } from 'node:util';
import { loadOrCreateIssuer, mintLocalToken } from './local-issuer.js';
import { parseLocalSettings } from './local-settings.js';

// `npm run token [-- --group admins]`: prints only a bearer token for a local staff user,
// signed by the issuer `npm start`'s gateway trusts, so `TOKEN=$(npm run -s token)` works.
const { values } = parseArgs({
  options: {
    group: { type: 'string', default: 'staff' },
    email: { type: 'string', default: 'staff@ladocs.example' },
    sub: { type: 'string', default: 'local-staff-user' },
    minutes: { type: 'string', default: '60' },
  },
});

const issuer = await loadOrCreateIssuer(parseLocalSettings(process.env).DATA_DIR);
const token = await mintLocalToken(issuer, {
  sub: values.sub,
  email: values.email,
  groups: values.group === 'none' ? [] : [values.group],
  expiresInSeconds: Number(values.minutes) * 60,
});
process.stdout.write(`${token}\n`);
