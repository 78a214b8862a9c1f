#!/usr/bin/env node
/** The `hubspot-marketing` executable. */
import { main } from './index.js';

process.exitCode = await main(process.argv.slice(2));
