#!/usr/bin/env node
// Copied from templates/cli/bin.ts by `npm run generate`. Edit the template, not this file.
/** The `hubspot-marketing` executable. */
import { main } from './index.js';

process.exitCode = await main(process.argv.slice(2));
