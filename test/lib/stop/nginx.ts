// Debian's nginx in the foreground (`daemon off; master_process on;`) with a generated config in
// a temp dir, in front of a slow upstream in the test process, all on 127.0.0.1.
import { existsSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import type { Teardown } from '../init-process.js'
import { serveLocal } from '../probes/net.js'

export const NGINX = '/usr/sbin/nginx'

/** Why nginx cannot be run here, or undefined. */
export function nginxMissing(): string | undefined {
  return existsSync(NGINX) ? undefined : `${NGINX} not found: apt-get install -y nginx-light`
}

/** An HTTP server on 127.0.0.1 that answers every request with 200 after `delayMs`. */
export function startSlowUpstream(t: Teardown, delayMs: number): Promise<number> {
  return serveLocal(t, createServer((_req, res) => {
    const timer = setTimeout(() => res.end('slow\n'), delayMs)
    res.on('close', () => clearTimeout(timer))
  }))
}

/** Writes nginx.conf into `dir` (its prefix too) and returns nginx's argv: 1 worker, errors to
 * stderr, /health answered, the rest proxied; `keepalive`: up to 16 idle connections kept to the
 * upstream (a front proxy's usual setting). */
export function nginxCommand(dir: string, port: number, upstreamPort: number, keepalive = false): string[] {
  const conf = join(dir, 'nginx.conf')
  const upstream = keepalive ? `upstream app { server 127.0.0.1:${upstreamPort}; keepalive 16; }` : ''
  const proxy = keepalive
    ? 'proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection "";'
    : `proxy_pass http://127.0.0.1:${upstreamPort};`
  writeFileSync(conf, `
user root;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log stderr notice;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  ${upstream}
  server {
    listen 127.0.0.1:${port};
    location = /health { return 200 "ok\\n"; }
    location / {
      ${proxy}
      proxy_read_timeout 10s;
    }
  }
}
`)
  return [NGINX, '-g', 'daemon off; master_process on;', '-c', conf, '-p', `${dir}/`]
}
