#!/usr/bin/env node
/**
 * An example server with nginx's stop semantics: TERM and INT are a fast stop
 * (requests in flight are dropped), QUIT is a graceful stop (stop accepting,
 * finish in-flight requests, then exit). This is why nginx images need TERM
 * rewritten to QUIT: orchestrators send TERM.
 *
 * Usage: node examples/servers/nginx-like.js --port 0
 */
import { runServer } from './lib/run-server.js';

runServer({ name: 'nginx-like', signals: { SIGTERM: 'fast', SIGINT: 'fast', SIGQUIT: 'graceful' } });
