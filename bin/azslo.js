#!/usr/bin/env node
// Runs the compiled CLI (npm install builds it into dist/ through the prepare script).
import { run } from '../dist/cli/main.js';

process.exitCode = await run(process.argv.slice(2));
