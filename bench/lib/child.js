// A spawned process as the bench drives it: its stdout read line by line with waits that
// time out, its stderr kept for error messages, and a stop that always ends it. Every process
// the bench starts goes through here, so an interrupted bench leaves none behind.
import { spawn } from 'node:child_process';
import { childrenOf } from './proc.js';

/** @type {Set<Child>} the processes started and not yet exited */
const live = new Set();

/**
 * SIGKILLs pid and its descendants down to `depth` generations, leaves first. A plain-mode
 * init's child runs in a session of its own, so killing the init alone would leave it behind.
 * The depth bounds the /proc scans: under unshare, the init's 10,000 orphans need none.
 * @param {number} pid
 * @param {number} [depth] generations below pid (unshare → init → child is 2)
 */
export function killTree(pid, depth = 2) {
  /** @type {number[][]} */
  const generations = [[pid]];
  for (let d = 0; d < depth; d++) {
    generations.push((generations[d] ?? []).flatMap((p) => childrenOf(p).map((c) => c.pid)));
  }
  for (const p of generations.reverse().flat()) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}

/** Kills every process this module started that is still running, with its descendants. */
export function killAll() {
  for (const c of live) if (c.proc.exitCode === null && c.proc.signalCode === null) killTree(c.pid);
}

export class Child {
  /**
   * @param {string} file
   * @param {string[]} args
   * @param {{ env?: NodeJS.ProcessEnv }} [opts]
   */
  constructor(file, args, opts = {}) {
    this.command = [file, ...args].join(' ');
    /** @type {string[]} */
    this.lines = [];
    /** index of the first line no wait has consumed */
    this.cursor = 0;
    this.stderr = '';
    /** @type {(() => void)[]} */
    this.listeners = [];
    /** @type {{ code: number | null, signal: string | null } | null} */
    this.exitStatus = null;
    this.proc = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
    this.pid = /** @type {number} */ (this.proc.pid);
    live.add(this);
    let partial = '';
    this.proc.stdout.setEncoding('utf8').on('data', (/** @type {string} */ chunk) => {
      const parts = (partial + chunk).split('\n');
      partial = /** @type {string} */ (parts.pop());
      this.lines.push(...parts);
      this.notify();
    });
    // Kept short: an init that logs per signal or per orphan would otherwise fill memory.
    this.proc.stderr.setEncoding('utf8').on('data', (/** @type {string} */ chunk) => {
      if (this.stderr.length < 64 * 1024) this.stderr += chunk;
    });
    /** @type {Promise<{ code: number | null, signal: string | null }>} */
    this.exited = new Promise((resolve) => {
      this.proc.on('close', (code, signal) => {
        live.delete(this);
        this.exitStatus = { code, signal };
        this.notify();
        resolve(this.exitStatus);
      });
    });
    this.proc.on('error', (err) => {
      this.stderr += `spawn error: ${err.message}\n`;
    });
  }

  notify() {
    for (const l of this.listeners.splice(0)) l();
  }

  /**
   * Resolves with the first unread line that starts with `prefix` (consuming it and the lines
   * before it), split on spaces. Rejects after timeoutMs, or if the process exits first.
   * @param {string} prefix
   * @param {number} timeoutMs
   * @returns {Promise<string[]>}
   */
  waitLine(prefix, timeoutMs) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(`no "${prefix}" line within ${timeoutMs} ms`), timeoutMs);
      const fail = (/** @type {string} */ why) => {
        clearTimeout(timer);
        const tail = this.stderr.trim().split('\n').slice(-5).join('\n  ');
        reject(new Error(`${this.command}: ${why}${tail ? `\n  stderr: ${tail}` : ''}`));
      };
      const check = () => {
        for (let i = this.cursor; i < this.lines.length; i++) {
          const line = /** @type {string} */ (this.lines[i]);
          if (line === prefix || line.startsWith(`${prefix} `)) {
            this.cursor = i + 1;
            clearTimeout(timer);
            resolve(line.split(' '));
            return;
          }
        }
        if (this.exitStatus) return fail(`exited (${JSON.stringify(this.exitStatus)}) before a "${prefix}" line`);
        this.listeners.push(check);
      };
      check();
    });
  }

  /** @param {NodeJS.Signals} sig @returns {boolean} false if the process was gone */
  signal(sig) {
    // Once Node has reaped it, its pid may already belong to someone else.
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return false;
    try {
      process.kill(this.pid, sig);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * The exit status once the process exits, or null if it still runs after timeoutMs.
   * @param {number} timeoutMs
   * @returns {Promise<{ code: number | null, signal: string | null } | null>}
   */
  async exitWithin(timeoutMs) {
    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    const late = new Promise((resolve) => {
      timer = setTimeout(resolve, timeoutMs, null);
    });
    const status = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    return status;
  }

  /**
   * Waits up to timeoutMs for the process to exit by itself, then SIGKILLs it.
   * @param {number} timeoutMs
   * @returns {Promise<{ code: number | null, signal: string | null, killed: boolean }>}
   */
  async end(timeoutMs) {
    const status = await this.exitWithin(timeoutMs);
    if (status) return { ...status, killed: false };
    this.signal('SIGKILL');
    // `exited` waits for our pipes to close too, and a stray descendant may hold them open after
    // the process itself is gone: stop reading rather than wait forever.
    if (!(await this.exitWithin(2000))) {
      this.proc.stdout.destroy();
      this.proc.stderr.destroy();
    }
    return { ...(await this.exited), killed: true };
  }
}

/** @param {number} ms @returns {Promise<void>} */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
