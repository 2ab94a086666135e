// dumb-init's and tini's environment variables, so images that set them keep working.
// They rank below flags and GRACEFUL_INIT_* variables: `touched` names the options already set.
import type { Draft } from './config.js';
import type { Env } from './config.js';
import { UsageError } from '../errors.js';

/** tini's TINI_VERBOSITY: 0 fatal/errors only, 1 warnings (its default), 2 info, 3 debug. */
const TINI_LEVELS = ['error', 'warn', 'info', 'debug'] as const;

export function applyLegacyEnv(env: Env, draft: Draft, touched: ReadonlySet<string>): void {
  const groupSet = touched.has('single-child') || touched.has('kill-process-group');
  if (!groupSet && env.DUMB_INIT_SETSID !== undefined) draft.singleChild = env.DUMB_INIT_SETSID === '0';
  if (!groupSet && env.TINI_KILL_PROCESS_GROUP) draft.singleChild = false;
  if (!touched.has('subreaper') && env.TINI_SUBREAPER) draft.subreaper = true;
  const levelSet = touched.has('verbose') || touched.has('log-level');
  if (!levelSet && env.DUMB_INIT_DEBUG === '1') draft.verbosity = 2;
  if (!levelSet && env.TINI_VERBOSITY !== undefined && env.TINI_VERBOSITY !== '') {
    const level = TINI_LEVELS[Number(env.TINI_VERBOSITY)];
    if (!/^\d$/.test(env.TINI_VERBOSITY) || !level) {
      throw new UsageError(`TINI_VERBOSITY "${env.TINI_VERBOSITY}": expected 0, 1, 2 or 3`);
    }
    draft.logLevel = level;
    draft.logLevelSet = true;
  }
}
