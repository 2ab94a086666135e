// Parsers for --wait-for targets and the --health-listen address: pure.
import type { WaitTarget } from './config.js';

function parsePort(text: string): number | undefined {
  return /^\d{1,5}$/.test(text) && Number(text) <= 65535 ? Number(text) : undefined;
}

/** `host:port` or `[v6]:port` into its parts. */
function splitHostPort(text: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):([^:]+)$/.exec(text);
  const port = match ? parsePort(match[3] as string) : undefined;
  return match && port !== undefined ? { host: (match[1] ?? match[2]) as string, port } : undefined;
}

/** `tcp://db:5432` or `file:/shared/ready`. */
export function parseWaitTarget(text: string): WaitTarget | string {
  if (text.startsWith('tcp://')) {
    const address = splitHostPort(text.slice('tcp://'.length));
    return address ? { kind: 'tcp', ...address, text } : 'expected tcp://HOST:PORT with a port 0-65535';
  }
  if (text.startsWith('file:') && text.length > 'file:'.length) return { kind: 'file', path: text.slice('file:'.length), text };
  return 'expected tcp://HOST:PORT or file:PATH';
}

/** `127.0.0.1:8081`, `:8081` (all interfaces) or `[::1]:8081`. */
export function parseListenAddress(text: string): { host: string; port: number } | string {
  const address = text.startsWith(':') ? splitHostPort(`0.0.0.0${text}`) : splitHostPort(text);
  return address ?? 'expected ADDR:PORT, like 127.0.0.1:8081 or :8081';
}
