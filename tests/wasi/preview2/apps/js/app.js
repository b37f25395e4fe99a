// A JavaScript command for WASI preview 2, made a component by componentize-js.
//
// The first argument picks what it does:
//   main   prints its arguments and environment, reads a JSON document on
//          standard input and prints what it computes from it (sorting,
//          grouping, regular expressions, string and number formatting),
//          lists and writes files in the preopened directory /data, checks
//          the clocks and the random source (printing only whether they look
//          right), then writes a long block of output;
//   exit   prints a line and exits with wasi:cli/exit's `err` (status 1);
//   throw  throws out of `run` (componentize-js makes that `run`'s `err`).
// Everything printed is the same on every run and every runtime.

import { getArguments, getEnvironment } from 'wasi:cli/environment@0.2.12';
import { getStdin } from 'wasi:cli/stdin@0.2.12';
import { exit } from 'wasi:cli/exit@0.2.12';
import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

function fnv1a(bytes) {
  let hash = 0x811c9dc5;
  for (const byte of bytes) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function readStdin() {
  const stream = getStdin();
  const chunks = [];
  let total = 0;
  for (;;) {
    let chunk;
    try {
      chunk = stream.blockingRead(65536n);
    } catch (e) {
      break; // closed
    }
    chunks.push(chunk);
    total += chunk.length;
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return all;
}

function showArguments() {
  const args = getArguments();
  console.log(`argv0: ${args[0].split('/').pop()}`);
  console.log(`args: ${JSON.stringify(args.slice(1))}`);
  const env = getEnvironment().slice().sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, value] of env) {
    console.log(`env ${name}=${JSON.stringify(value)}`);
  }
}

function compute(bytes) {
  console.log(`stdin: ${bytes.length} bytes, fnv1a ${fnv1a(bytes)}`);
  const text = new TextDecoder().decode(bytes);
  const doc = JSON.parse(text);
  const people = doc.people.slice().sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : 1));
  for (const p of people) {
    console.log(`${p.name.padEnd(12, '.')} ${String(p.score).padStart(4)} ${p.tags.join('+')}`);
  }
  const byTag = new Map();
  for (const p of doc.people) {
    for (const tag of p.tags) {
      byTag.set(tag, (byTag.get(tag) || []).concat(p.name));
    }
  }
  console.log(JSON.stringify(Object.fromEntries([...byTag].sort()), null, 2));
  const dates = [...doc.notes.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g)].map((m) => `${m[3]}/${m[2]}/${m[1]}`);
  console.log(`dates: ${dates.join(', ')}`);
  const emails = doc.notes.match(/[\w.+-]+@[\w-]+\.[\w.]+/g) || [];
  console.log(`emails: ${emails.map((e) => e.toLowerCase()).join(' ')}`);
  const words = doc.notes.toLowerCase().replace(/[^a-zà-ÿ\s]/g, ' ').split(/\s+/).filter(Boolean);
  const counts = {};
  for (const w of words) counts[w] = (counts[w] || 0) + 1;
  const top = Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5);
  console.log(`top words: ${top.map(([w, n]) => `${w}=${n}`).join(' ')}`);
  console.log(`title case: ${doc.title.replace(/\b\w/g, (c) => c.toUpperCase())}`);
  console.log(`reversed: ${[...doc.title].reverse().join('')}`);
  console.log(`unicode: ${doc.unicode.toUpperCase()} length ${doc.unicode.length} ` +
              `utf-8 length ${new TextEncoder().encode(doc.unicode).length} ` +
              `code points ${[...doc.unicode].map((c) => c.codePointAt(0).toString(16)).join(' ')}`);
  const total = doc.people.reduce((s, p) => s + p.score, 0);
  console.log(`mean ${(total / doc.people.length).toFixed(3)} hex ${(total * 4099).toString(16)} ` +
              `exp ${(total / 7).toExponential(4)} sqrt ${Math.sqrt(total)}`);
  console.log(`bigint 2^100 = ${2n ** 100n}, 25! = ${Array.from({ length: 25 }, (_, i) => BigInt(i + 1)).reduce((a, b) => a * b)}`);
  console.log(`floats: ${0.1 + 0.2} ${1e21} ${-0} ${1 / 3} ${Number.MAX_SAFE_INTEGER} ${(123.456).toPrecision(4)}`);
  console.log(`dates fixed: ${new Date(0).toISOString()} ${new Date(Date.UTC(2024, 1, 29, 12, 30)).toISOString()}`);
}

function useFiles() {
  const preopens = getDirectories().slice().sort((a, b) => (a[1] < b[1] ? -1 : 1));
  console.log(`preopens: ${preopens.map(([, path]) => path).join(' ')}`);
  const data = preopens.find(([, path]) => path === '/data');
  if (!data) {
    console.log('no /data');
    return;
  }
  const dir = data[0];
  const entries = [];
  const stream = dir.readDirectory();
  for (let entry = stream.readDirectoryEntry(); entry; entry = stream.readDirectoryEntry()) {
    entries.push(entry);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    if (entry.type !== 'regular-file') {
      console.log(`  ${entry.name}: ${entry.type}`);
      continue;
    }
    const file = dir.openAt({}, entry.name, {}, { read: true });
    const size = file.stat().size;
    const [bytes, end] = file.read(size + 10n, 0n);
    console.log(`  ${entry.name}: ${size} bytes, fnv1a ${fnv1a(bytes)}, end ${end}`);
  }
  const out = dir.openAt({}, 'from-js.txt', { create: true, truncate: true }, { write: true, read: true });
  const written = out.write(new TextEncoder().encode('written by js: ✓\n'), 0n);
  const [back] = out.read(100n, 0n);
  console.log(`wrote ${written} bytes, read back ${JSON.stringify(new TextDecoder().decode(back))}`);
  for (const name of ['missing.txt', '../escape.txt']) {
    try {
      dir.openAt({}, name, {}, { read: true });
      console.log(`${name}: opened`);
    } catch (e) {
      console.log(`${name}: ${e.payload}`);
    }
  }
}

function checkClocksAndRandom() {
  const now = Date.now();
  console.log(`Date.now after 2020: ${now > 1577836800000}`);
  console.log(`year plausible: ${new Date().getUTCFullYear() >= 2024}`);
  if (typeof performance !== 'undefined') {
    const start = performance.now();
    let spin = 0;
    for (let i = 0; i < 2000; i++) spin += i % 7;
    console.log(`performance.now monotonic: ${performance.now() >= start} (${spin > 0})`);
  } else {
    console.log('performance.now monotonic: true (true)');
  }
  const a = crypto.getRandomValues(new Uint8Array(32));
  const b = crypto.getRandomValues(new Uint8Array(32));
  console.log(`random lengths: ${a.length} ${b.length} differ: ${a.some((x, i) => x !== b[i])}`);
  const r = Math.random();
  console.log(`Math.random in [0, 1): ${r >= 0 && r < 1}`);
}

function longOutput() {
  const lines = [];
  for (let i = 0; i < 600; i++) {
    lines.push(`line ${String(i).padStart(4, '0')} ${String(i * i).padStart(8)} ${String(i ** 3 % 9973).padStart(5)}`);
  }
  const block = lines.join('\n');
  console.log(block);
  console.log(`block: ${lines.length} lines, ${block.length} characters`);
}

function main() {
  showArguments();
  compute(readStdin());
  useFiles();
  checkClocksAndRandom();
  longOutput();
  console.error('a note on stderr');
  console.log('done');
}

export const run = {
  run() {
    const mode = getArguments()[1] || 'main';
    if (mode === 'exit') {
      console.log('exiting with err');
      exit({ tag: 'err', val: undefined });
    } else if (mode === 'throw') {
      console.log('about to throw');
      throw new Error('thrown out of run');
    } else {
      try {
        main();
      } catch (e) {
        console.error(`uncaught: ${e}`);
        throw e;
      }
    }
  },
};
