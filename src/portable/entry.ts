// Entry point of the portable build (dist/portable/*/app/graceful-init.cjs): first undo what the
// launcher did to the environment and the command line, then the ordinary CLI.
import { restoreImageEnvironment } from './image-environment.js';
import { showAsGracefulInit } from './process-name.js';

if (restoreImageEnvironment(process.env) !== undefined) showAsGracefulInit(process.argv.slice(2));
