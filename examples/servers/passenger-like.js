#!/usr/bin/env node
/**
 * An example server with Phusion Passenger's stop semantics: USR1 is the
 * graceful stop, TERM and INT are a fast stop. Under an init, USR1 must be
 * forwarded (and TERM rewritten to it) for a stop that loses no request.
 *
 * Usage: node examples/servers/passenger-like.js --port 0
 */
import { runServer } from './lib/run-server.js';

runServer({ name: 'passenger-like', signals: { SIGTERM: 'fast', SIGINT: 'fast', SIGUSR1: 'graceful' } });
