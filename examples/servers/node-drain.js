#!/usr/bin/env node
/**
 * A well-behaved Node server: on TERM (or INT) it stops accepting and finishes
 * the requests in flight before exiting. It needs no rewrite, but still loses
 * the requests a load balancer sends after the stop signal — unless something
 * (graceful-init's --drain) keeps it serving until the balancer has moved on.
 *
 * Usage: node examples/servers/node-drain.js --port 0
 */
import { runServer } from './lib/run-server.js';

runServer({ name: 'node-drain', signals: { SIGTERM: 'graceful', SIGINT: 'graceful' } });
