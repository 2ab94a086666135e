// `graceful-init --copy-to DIR`, in the portable build only: copies the portable directory into
// DIR and exits. For a Kubernetes init container whose image is the FROM-scratch graceful-init
// image, which has no `cp`: it fills an emptyDir that the app's container then runs from.
import { cpSync } from 'node:fs';

export const COPY_TO_FLAG = '--copy-to';

/** The destination when the arguments are exactly `--copy-to DIR`, else undefined. */
export function parseCopyTo(args: readonly string[]): string | undefined {
  return args.length === 2 && args[0] === COPY_TO_FLAG ? args[1] : undefined;
}

/** Copies `root` (the portable directory) into `dest`; returns the exit code. */
export function copyPortableTo(root: string, dest: string): number {
  try {
    // Symlinks as they are; modes are kept by the copy (bin/graceful-init stays executable).
    cpSync(root, dest, { recursive: true, verbatimSymlinks: true, force: true });
    process.stderr.write(`[graceful-init] copied ${root} to ${dest}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`[graceful-init] --copy-to ${dest}: ${(error as Error).message}\n`);
    return 1;
  }
}
