// `require` for what loads late or stays outside the bundle (koffi, pino, node:stream, node:tty).
// In the CommonJS bundle every run uses, it is the bundle's own `require` (esbuild leaves it be):
// node:module's createRequire would load Node's ESM loader on the start path, ~0.9 ms of every
// container start. Only the ES modules tsc emits (the tests, under tsx) take createRequire, and
// there node:module is loaded already.
export const ownRequire: NodeJS.Require =
  typeof require === 'function' ? require : process.getBuiltinModule('node:module').createRequire(import.meta.url);
