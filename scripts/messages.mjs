#!/usr/bin/env node
// The console's messages (src/i18n): every English text the code passes to t(), tf(), tp() or
// marks with n_(), checked against each language's catalog in i18n/<tag>.json.
//
//   node scripts/messages.mjs --check        every catalog has every message, no stale ones, the
//                                            same {placeholders}, plural forms where counted;
//                                            exits 1 listing what is wrong (scripts/test.sh)
//   node scripts/messages.mjs --missing de   what de.json lacks, as JSON in English, to translate
//   node scripts/messages.mjs --sizes        bytes each language adds (compact JSON, brotli)
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const walk = (dir) => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? walk(p) : p.endsWith('.rs') ? [p] : [];
});

const LIT = '"((?:[^"\\\\]|\\\\.)*)"';
const unescape = (s) => s.replace(/\\(u\{([0-9a-fA-F]+)\}|.)/g, (_, c, hex) =>
  hex ? String.fromCodePoint(parseInt(hex, 16)) : ({ n: '\n', t: '\t', '0': '\0' }[c] ?? c));

/** English key → { plural: bool, one?: string, where: "file:line" } */
export function usedMessages() {
  const found = new Map();
  const add = (key, entry) => { if (!found.has(key)) found.set(key, entry); };
  for (const file of walk(join(root, 'src'))) {
    // Unit tests' own sample messages are not the console's.
    const text = readFileSync(file, 'utf8').split(/#\[cfg\(test\)\]\s*mod tests/)[0];
    const where = (i) => `${file.slice(root.length)}:${text.slice(0, i).split('\n').length}`;
    for (const m of text.matchAll(new RegExp(`\\b(?:t|tf|n_)\\(\\s*${LIT}`, 'g'))) {
      add(unescape(m[1]), { plural: false, where: where(m.index) });
    }
    for (const m of text.matchAll(new RegExp(`\\btp\\(\\s*${LIT}\\s*,\\s*${LIT}`, 'g'))) {
      add(unescape(m[2]), { plural: true, one: unescape(m[1]), where: where(m.index) });
    }
  }
  return found;
}

/** A served catalog's key for an English message: FNV-1a (32 bits) of its UTF-8, base 36, as
 * `key_hash` in src/i18n. */
export function catalogKey(english) {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(english, 'utf8')) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h.toString(36);
}

/** A catalog as the console downloads it: compact JSON keyed by `catalogKey`. */
export function servedCatalog(path) {
  const hashed = {};
  for (const [english, value] of Object.entries(JSON.parse(readFileSync(path, 'utf8')))) {
    const key = catalogKey(english);
    if (key in hashed) throw new Error(`two messages of ${path} share the key ${key}; change one's English`);
    hashed[key] = value;
  }
  return JSON.stringify(hashed);
}

const placeholders = (s) => [...s.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]).sort();
const catalogs = () => existsSync(join(root, 'i18n'))
  ? readdirSync(join(root, 'i18n')).filter((f) => /^[a-z]{2}\.json$/.test(f)).sort()
  : [];

function check() {
  const used = usedMessages();
  const problems = [];
  for (const f of catalogs()) {
    const lang = f.slice(0, 2);
    const cat = JSON.parse(readFileSync(join(root, 'i18n', f), 'utf8'));
    for (const [key, use] of used) {
      const entry = cat[key];
      if (entry === undefined) { problems.push(`${lang}: missing ${JSON.stringify(key)} (${use.where})`); continue; }
      const want = placeholders(key).filter((p) => !(use.plural && p === 'count'));
      if (use.plural) {
        if (typeof entry !== 'object' || typeof entry.other !== 'string') {
          problems.push(`${lang}: ${JSON.stringify(key)} is counted: give {"one": …, "other": …} (the forms ${lang} has)`);
          continue;
        }
        for (const [form, text] of Object.entries(entry)) {
          const has = placeholders(text).filter((p) => p !== 'count');
          if (!['zero', 'one', 'two', 'few', 'many', 'other'].includes(form)) problems.push(`${lang}: ${JSON.stringify(key)} has no plural form "${form}"`);
          if (has.some((p) => !want.includes(p))) {
            problems.push(`${lang}: ${JSON.stringify(key)} (${form}) uses {${has.join('}, {')}}, the English {${want.join('}, {')}}`);
          }
        }
      } else if (typeof entry !== 'string') {
        problems.push(`${lang}: ${JSON.stringify(key)} must be a text`);
      } else if (placeholders(entry).join() !== want.join()) {
        problems.push(`${lang}: ${JSON.stringify(key)} has {${placeholders(entry).join('}, {')}}, the English {${want.join('}, {')}}`);
      }
    }
    for (const key of Object.keys(cat)) {
      if (!used.has(key)) problems.push(`${lang}: ${JSON.stringify(key)} is no longer used`);
    }
  }
  if (problems.length) {
    console.error(`messages: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`messages: ${used.size} messages, ${catalogs().length} catalogs complete`);
}

function missing(lang) {
  const used = usedMessages();
  const path = join(root, 'i18n', `${lang}.json`);
  const cat = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
  const out = {};
  for (const [key, use] of used) {
    if (cat[key] !== undefined) continue;
    out[key] = use.plural ? { one: use.one, other: key } : key;
  }
  console.log(JSON.stringify(out, null, 2));
}

function sizes() {
  for (const f of catalogs()) {
    const text = servedCatalog(join(root, 'i18n', f));
    const br = brotliCompressSync(Buffer.from(text)).length;
    console.log(`${f.slice(0, 2)}: ${(Buffer.byteLength(text) / 1024).toFixed(1)} KB, ${(br / 1024).toFixed(1)} KB brotli`);
  }
  console.log('en: 0 KB (compiled in)');
  console.log('(as served: keyed by hash, brotli quality 11)');
}

const [mode, arg] = process.argv.slice(2);
if (import.meta.url !== pathToFileURL(process.argv[1] ?? '').href) {
  // Imported (scripts/post-build.mjs): no command line to run.
} else if (mode === '--check') check();
else if (mode === '--missing' && arg) missing(arg);
else if (mode === '--sizes') sizes();
else { console.error('usage: messages.mjs --check | --missing <lang> | --sizes'); process.exit(2); }
