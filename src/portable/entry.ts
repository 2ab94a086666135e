// Entry point of the portable build (dist/portable/*/app/graceful-init.cjs): first undo what the
// launcher did to the environment and the command line, then either copy the build elsewhere
// (--copy-to) or run the ordinary CLI.
import { copyPortableTo, parseCopyTo } from './copy-to.js';
import { restoreImageEnvironment } from './image-environment.js';
import { showAsGracefulInit } from './process-name.js';

const root = restoreImageEnvironment(process.env);
const args = process.argv.slice(2);
const copyTo = root === undefined ? undefined : parseCopyTo(args);
if (root !== undefined && copyTo !== undefined) {
  process.exitCode = copyPortableTo(root, copyTo);
} else {
  if (root !== undefined) showAsGracefulInit(args);
  // Evaluated after the above (a static import would run first).
  void import('../cli.js');
}
