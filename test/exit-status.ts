import t from 'tap';
import { toExitCode } from '../src/exit-status.js';

const none = new Set<number>();
const cases: Array<[string, { code?: number; signal?: number }, ReadonlySet<number>, number]> = [
  ['exit 0 passes through', { code: 0 }, none, 0],
  ['exit 3 passes through', { code: 3 }, none, 3],
  ['exit 255 passes through', { code: 255 }, none, 255],
  ['killed by TERM is 143', { signal: 15 }, none, 143],
  ['killed by KILL is 137', { signal: 9 }, none, 137],
  ['killed by SEGV is 139', { signal: 11 }, none, 139],
  ['a remapped code becomes 0', { code: 143 }, new Set([143]), 0],
  ['remapping leaves other codes alone', { code: 1 }, new Set([143]), 1],
  ['remapping applies to 128+n, as in tini (-e 143 for a JVM)', { signal: 15 }, new Set([143]), 0],
];
for (const [name, end, remap, code] of cases) t.equal(toExitCode(end, remap), code, name);
