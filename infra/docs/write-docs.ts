// npm run docs: refreshes the generated parts of the docs in place.
import { readFileSync, writeFileSync } from 'node:fs';
import { GENERATED_PARTS, withGeneratedPart } from './generated-docs.js';

for (const part of GENERATED_PARTS) {
  const text = readFileSync(part.file, 'utf8');
  const next = withGeneratedPart(text, part.name, part.render());
  if (next !== text) writeFileSync(part.file, next);
  console.log(`${part.file}: ${part.name} ${next === text ? 'unchanged' : 'written'}`);
}
