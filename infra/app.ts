import { buildApp } from './build-app.js';
import { StageConfigError } from './stage-config.js';

// cdk.json's app: `cdk synth -c stage=prod` picks the stage; settings live under "stages".
try {
  buildApp().app.synth();
} catch (error) {
  if (!(error instanceof StageConfigError)) throw error;
  console.error(`Cannot synthesise: ${error.message}`);
  process.exit(1);
}
