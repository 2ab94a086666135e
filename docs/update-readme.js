// Rewrites README.md's options table from the option table (`npm run docs`), between the markers
// <!-- options:begin --> and <!-- options:end -->. test/readme.ts fails when they differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { optionsMarkdown } from '../dist/config/help.js';

const path = new URL('../README.md', import.meta.url);
const readme = readFileSync(path, 'utf8');
const updated = readme.replace(
  /(<!-- options:begin -->\n)[\s\S]*?(\n<!-- options:end -->)/,
  (_, begin, end) => `${begin}${optionsMarkdown()}${end}`,
);
writeFileSync(path, updated);
console.log(updated === readme ? 'README.md options table already up to date' : 'README.md options table updated');
