// Names shared by the portable build's boot (boot.ts), its build and its tests.

/** The start bundle, which app/graceful-init.cjs (the boot) compiles and runs. */
export const START_BUNDLE = 'graceful-init-start.cjs';
/** V8's code cache of the start bundle, made by the build on the machine's own architecture. */
export const CODE_CACHE_FILE = 'graceful-init-start.cache';
/** `write` (the build) or `check` (tests: prints {"codeCache":"accepted"|"rejected"|"missing"}). */
export const CODE_CACHE_VARIABLE = 'GRACEFUL_INIT_PORTABLE_CODE_CACHE';
