// The portable bundle's entry (see entry.ts): esbuild bundles it into app/graceful-init.cjs.
import './entry.js';
