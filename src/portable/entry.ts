// Entry point of the portable build (dist/portable/*/app/graceful-init.cjs): first undo what the
// launcher did to the environment and the command line, then either copy the build elsewhere
// (--copy-to) or run the ordinary CLI.
import { useLauncherList } from '../child/inherited-fds.js';
import { copyPortableTo, parseCopyTo } from './copy-to.js';
import { restoreImageEnvironment } from './image-environment.js';
import { showAsGracefulInit } from './process-name.js';

const launcher = restoreImageEnvironment(process.env);
const args = process.argv.slice(2);
const copyTo = launcher === undefined ? undefined : parseCopyTo(args);
if (launcher !== undefined && copyTo !== undefined) {
  process.exitCode = copyPortableTo(launcher.root, copyTo);
} else {
  if (launcher !== undefined) showAsGracefulInit(args);
  if (launcher?.inheritedFds !== undefined) useLauncherList(launcher.inheritedFds);
  // Evaluated after the above (a static import would run first).
  void import('../cli.js');
}
