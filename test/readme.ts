// The README must stay true to the code: its options table is the one --help is made from,
// and it starts with the two commands a newcomer runs.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { initBin, repoRoot } from './lib/paths.js'
import { flagLabel, optionsMarkdown } from '../src/config/help.js'
import { OPTIONS } from '../src/config/options.js'

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')

t.test('the options table equals the option table (run `npm run docs` to refresh it)', async t => {
  const block = /<!-- options:begin -->\n([\s\S]*?)\n<!-- options:end -->/.exec(readme)?.[1]
  t.equal(block, optionsMarkdown())
})

t.test("the built binary's --help shows every flag of the README's table", async t => {
  const helpText = execFileSync(process.execPath, [initBin, '--help'], { encoding: 'utf8' })
  for (const option of OPTIONS) {
    const label = flagLabel(option).trim()
    t.ok(readme.includes(`\`${label}\``) && helpText.includes(label), label)
  }
})

t.test('the README starts with the two set-up commands', async t => {
  const head = readme.slice(0, 1500)
  t.match(head, 'npm install && npm run demo')
  t.match(head, 'npm install && npm test')
})
