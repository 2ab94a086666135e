#!/usr/bin/env node
/**
 * The most common server of all: one that installs no signal handler. As a
 * plain process TERM kills it at once (requests in flight are lost); as PID 1
 * of a container the kernel drops TERM, so it ignores `docker stop` until the
 * SIGKILL that follows.
 *
 * Usage: node examples/servers/no-handler.js --port 0
 */
import { runServer } from './lib/run-server.js';

runServer({ name: 'no-handler', signals: {} });
