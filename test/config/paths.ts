import t from 'tap'
import { parseConfig } from '../../src/config/parse.js'
import { withAbsolutePaths } from '../../src/config/paths.js'

const config = parseConfig(
  ['--ready-file', 'run/ready', '--exit-file', '/shared/exit', '--drain', '1s', '--drain-until-file', '../gone', '--wait-for', 'file:up', '--wait-for', 'tcp://db:5432', 'x'],
  {},
)
const c = withAbsolutePaths(config, '/srv/app')
t.equal(c.readyFile, '/srv/app/run/ready', 'a relative ready file is under the launch directory')
t.equal(c.exitFile, '/shared/exit', 'an absolute path stays as it is')
t.equal(c.drainUntilFile, '/srv/gone')
t.same(c.waitFor.map(w => (w.kind === 'file' ? w.path : w.text)), ['/srv/app/up', 'tcp://db:5432'])
t.same(c.command, ['x'], 'the rest is the same')
t.equal(withAbsolutePaths(parseConfig(['x'], {}), '/srv').readyFile, undefined, 'unset stays unset')
