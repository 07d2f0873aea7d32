#!/usr/bin/env node
// The `sattzabite` command. The platform is TypeScript run through tsx, so the same sources serve
// `npm start`, the CLI and the tests without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main/cli.ts');
