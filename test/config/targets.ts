import t from 'tap'
import { parseListenAddress, parseWaitTarget } from '../../src/config/targets.js'

const waitTargets: Array<[string, unknown]> = [
  ['tcp://db:5432', { kind: 'tcp', host: 'db', port: 5432, text: 'tcp://db:5432' }],
  ['tcp://127.0.0.1:0', { kind: 'tcp', host: '127.0.0.1', port: 0, text: 'tcp://127.0.0.1:0' }],
  ['tcp://[::1]:8080', { kind: 'tcp', host: '::1', port: 8080, text: 'tcp://[::1]:8080' }],
  ['file:/shared/ready', { kind: 'file', path: '/shared/ready', text: 'file:/shared/ready' }],
]
for (const [text, want] of waitTargets) t.same(parseWaitTarget(text), want, `--wait-for ${text}`)
for (const text of ['tcp://db', 'tcp://db:65536', 'tcp://db:http', 'tcp://::1:80', 'file:', 'http://x:1', 'db:5432']) {
  t.type(parseWaitTarget(text), 'string', `--wait-for ${text} is refused, with a reason`)
}

const listen: Array<[string, unknown]> = [
  ['127.0.0.1:8081', { host: '127.0.0.1', port: 8081 }],
  [':8081', { host: '0.0.0.0', port: 8081 }],
  ['[::1]:8081', { host: '::1', port: 8081 }],
]
for (const [text, want] of listen) t.same(parseListenAddress(text), want, `--health-listen ${text}`)
for (const text of ['8081', '127.0.0.1', 'host:99999', '']) t.type(parseListenAddress(text), 'string', `--health-listen "${text}" is refused`)
