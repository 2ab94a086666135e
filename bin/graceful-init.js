#!/usr/bin/env node
// Thin on purpose: the whole init is one bundle (dist/graceful-init.mjs, built by `npm run build`),
// because loading ~40 modules one by one costs start-up time on every container start.
import '../dist/graceful-init.mjs';
