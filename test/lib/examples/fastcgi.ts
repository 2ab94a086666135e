// A minimal FastCGI client for a GET straight to php-fpm, bypassing nginx:
// https://fastcgi-archives.github.io/FastCGI_Specification.html
import { connect } from 'node:net'
import { withTimeout } from '../wait.js'

const BEGIN_REQUEST = 1
const PARAMS = 4
const STDIN = 5
const STDOUT = 6

/** One record of request 1. */
function record(type: number, content: Buffer): Buffer {
  const header = Buffer.alloc(8)
  header.writeUInt8(1, 0) // version
  header.writeUInt8(type, 1)
  header.writeUInt16BE(1, 2) // request id
  header.writeUInt16BE(content.length, 4)
  return Buffer.concat([header, content])
}

/** One name-value pair, both under 128 bytes (one-byte lengths). */
function pair(name: string, value: string): Buffer {
  const [n, v] = [Buffer.from(name), Buffer.from(value)]
  if (n.length > 127 || v.length > 127) throw new Error('fastcgiGet: keep names and values short')
  return Buffer.concat([Buffer.from([n.length, v.length]), n, v])
}

/** The STDOUT records' content in what the server sent. */
function stdoutOf(data: Buffer): string {
  let out = ''
  for (let off = 0; off + 8 <= data.length;) {
    const type = data.readUInt8(off + 1)
    const length = data.readUInt16BE(off + 4)
    const padding = data.readUInt8(off + 6)
    if (type === STDOUT) out += data.subarray(off + 8, off + 8 + length).toString('utf8')
    off += 8 + length + padding
  }
  return out
}

/** GET of a PHP script on 127.0.0.1:port; resolves with its output (headers + body). */
export function fastcgiGet(port: number, script: string, query: string, timeoutMs = 15_000): Promise<string> {
  const params = Buffer.concat([
    pair('SCRIPT_FILENAME', script),
    pair('REQUEST_METHOD', 'GET'),
    pair('QUERY_STRING', query),
    pair('SERVER_PROTOCOL', 'HTTP/1.1'),
  ])
  const begin = Buffer.from([0, 1, 0, 0, 0, 0, 0, 0]) // role responder, close the connection after
  return withTimeout(`FastCGI ${script}?${query}`, new Promise<string>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port })
    let data = Buffer.alloc(0)
    socket.on('data', chunk => (data = Buffer.concat([data, chunk])))
    socket.on('error', reject)
    socket.on('close', () => resolve(stdoutOf(data)))
    const empty = Buffer.alloc(0)
    socket.write(Buffer.concat([record(BEGIN_REQUEST, begin), record(PARAMS, params), record(PARAMS, empty), record(STDIN, empty)]))
  }), timeoutMs)
}
