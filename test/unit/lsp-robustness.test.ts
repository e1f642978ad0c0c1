import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { TestLspClient } from '../support/lspClient';
import { corpusTest } from '../support/shared';
import { CORPUS, rng } from './helpers';

function corpusFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/.test(name) && statSync(p).size < 200_000) out.push(p);
    }
  };
  if (existsSync(CORPUS)) walk(CORPUS);
  return out.sort();
}

const SNIPPETS = [
  '${',
  '${A:?x}',
  '$$',
  '*a',
  '&a ',
  '<<: *a',
  '\t',
  ': ',
  '- ',
  '{',
  ']',
  '"',
  "'",
  '\\u00',
  '\u0000',
  '\uFFFD',
  '#',
  '!!binary',
  '---\n',
  '...',
  '%YAML 1.1\n',
  '? ',
  '|\n',
  '>-\n',
];

/** One random edit: the kinds of damage a person typing (or a broken tool) does to a file. */
function mutate(text: string, r: () => number): string {
  const lines = text.split('\n');
  const i = Math.floor(r() * Math.max(1, lines.length));
  switch (Math.floor(r() * 8)) {
    case 0:
      lines.splice(i, 1);
      break;
    case 1:
      lines.splice(i, 0, lines[Math.floor(r() * lines.length)] ?? '');
      break;
    case 2: {
      const l = lines[i] ?? '';
      const at = Math.floor(r() * (l.length + 1));
      lines[i] = l.slice(0, at) + SNIPPETS[Math.floor(r() * SNIPPETS.length)] + l.slice(at);
      break;
    }
    case 3:
      lines[i] = (lines[i] ?? '').replace(/^\s*/, ' '.repeat(Math.floor(r() * 9)));
      break;
    case 4:
      return text.slice(0, Math.floor(r() * text.length));
    case 5:
      lines[i] = (lines[i] ?? '').split('').reverse().join('');
      break;
    case 6:
      lines[i] = (lines[i] ?? '').replace(/[a-z]/, (c) => String.fromCharCode(c.charCodeAt(0) + 1));
      break;
    default:
      lines[i] = (lines[i] ?? '') + ' '.repeat(Math.floor(r() * 3)) + String(Math.floor(r() * 1e6));
  }
  return lines.join('\n');
}

function randomBytesText(r: () => number): string {
  const n = Math.floor(r() * 4000);
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = Math.floor(r() * 256);
  return Buffer.from(bytes).toString('latin1');
}

let client: TestLspClient;
before(async () => {
  client = await TestLspClient.start({ pull: true });
});
after(async () => {
  await client.stop();
});

corpusTest('the server answers on thousands of mutated corpus files and random byte strings, and never dies', { timeout: 600_000 }, async () => {
  const files = corpusFiles();
  assert.ok(files.length > 500, `corpus not found or too small at ${CORPUS}`);
  const r = rng(20261124);
  const names = ['docker-stack.yml', 'docker-compose.yml', 'daemon.json', 'hooks.d/x.json', 'config.json'];
  let answered = 0;
  const total = 2500;
  for (let i = 0; i < total; i++) {
    let text: string;
    let name: string;
    if (i % 10 === 9) {
      text = randomBytesText(r);
      name = names[i % names.length];
    } else {
      const src = files[Math.floor(r() * files.length)];
      text = readFileSync(src, 'utf8');
      for (let k = 1 + Math.floor(r() * 4); k > 0; k--) text = mutate(text, r);
      name = src.endsWith('.json') ? names[2 + (i % 3)] : names[i % 2];
    }
    const uri = `file:///fuzz/${i}/${name}`;
    await client.open(uri, text, name.endsWith('.json') ? 'json' : 'yaml');
    const diags = await client.diagnostics(uri, 20_000).catch((e: Error) => {
      throw new Error(`input #${i} (${name}): ${e.message}\n${client.stderr.slice(-2000)}`);
    });
    assert.ok(Array.isArray(diags));
    assert.ok(
      !diags.some((d) => d.code === 'internal-error'),
      `internal error on input #${i}: ${JSON.stringify(diags.find((d) => d.code === 'internal-error'))}`,
    );
    for (const d of diags) assert.ok(d.range.start.line <= d.range.end.line, `bad range on input #${i}`);
    answered++;
    await client.close(uri);
  }
  assert.equal(answered, total);
  assert.ok(client.alive, 'server process died');
  const info = await client.request<{ kind: string | null }>('swarmPilot/documentInfo', { uri: 'file:///nothing-open.yml' });
  assert.equal(info.kind, null);
});
