import * as z from 'zod/mini';

// Imported first by functions that parse once or twice per container (the intake: its settings
// at init, then usually one application before the container is reclaimed). For each object
// schema zod compiles a specialised parser with `new Function` on its first parse; that pays
// back over many parses and costs time on a single one. Without it, zod walks the schema.
// Read when a schema is constructed, so this must run before any schema module is evaluated.
z.config({ jitless: true });
