// Where saved scenarios live (localStorage) and how they are kept safe:
//   * every scenario carries its schema version; older versions are migrated on reading
//     (scenario@1 → scenario@2), and the store's text before a migration is kept once as a
//     backup under its own key;
//   * what can't be read — text that is not JSON, an entry of the wrong shape, a scenario of
//     a newer schema than this page knows, a file whose bytes no longer match their check —
//     is set aside under a separate key (appended, never deleted or overwritten) and
//     reported; the good scenarios stay where they are;
//   * the store is written only after the entries that can't be read have been set aside,
//     so a write never drops them; if setting aside fails (storage full), nothing is written.
// No DOM here: scenarios.js shows and edits the list.

export const STORE_KEY = 'vbp-savings/scenarios';
export const SET_ASIDE_KEY = 'vbp-savings/scenarios-set-aside';
export const BACKUP_KEY = 'vbp-savings/scenarios-backup';
export const SCHEMA = 'vbp-savings/scenario@2';
export const SCHEMA_V1 = 'vbp-savings/scenario@1';
const SCHEMA_RE = /^vbp-savings\/scenario@(\d+)$/;
const KINDS = ['csv', 'rows', 'lines', 'none'];

/** A scenario that can't be read: `reason` is json | newer | shape | damaged. */
export class UnreadableScenario extends Error {
  constructor(reason, message, schema) {
    super(message);
    this.reason = reason;
    this.schema = schema;
  }
}

// --- bytes ---
export const b64encode = (bytes) => { let s = ''; for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000)); return btoa(s); };
export function b64decode(s) {
  try {
    return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  } catch {
    throw new UnreadableScenario('damaged', 'file.base64 is not base64');
  }
}

let crcTable = null;
/** CRC-32 (IEEE) of some bytes, as 8 hex digits: a check that saved bytes came back intact. */
export function crc32(bytes) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ((c ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0');
}

// --- shape ---
const shape = (msg) => new UnreadableScenario('shape', msg);

/** Checks a scenario@2 document; throws UnreadableScenario('shape') in plain words. */
export function validate(doc) {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw shape('not an object');
  if (doc.schema !== SCHEMA) throw shape(`schema must be "${SCHEMA}"`);
  if (typeof doc.name !== 'string' || !doc.name.trim()) throw shape('name is missing');
  if (!KINDS.includes(doc.kind)) throw shape('kind must be csv, rows, lines or none');
  if (doc.kind === 'csv') {
    const f = doc.file;
    if (!(f && typeof f.base64 === 'string')) throw shape('file.base64 is missing');
    if (!(Number.isSafeInteger(f.size) && f.size >= 0 && typeof f.crc32 === 'string')) throw shape('file.size and file.crc32 are missing');
  }
  if (doc.kind === 'rows') {
    const rows = doc.sheet && doc.sheet.rows;
    if (!Array.isArray(rows) || !rows.every((r) => Array.isArray(r) && r.every((c) => typeof c === 'string'))) throw shape('sheet.rows must be rows of text cells');
  }
  if (doc.overrides !== undefined && doc.overrides !== null) {
    if (typeof doc.overrides !== 'object' || Array.isArray(doc.overrides)) throw shape('overrides must be an object');
    for (const [k, v] of Object.entries(doc.overrides)) if (!/^\d+$/.test(k) || typeof v !== 'string') throw shape('overrides map line numbers to product ids');
  }
  if (doc.catalog && !(typeof doc.catalog.name === 'string' && doc.catalog.catalog && typeof doc.catalog.catalog === 'object')) throw shape('catalog must be { name, catalog }');
  if (!Array.isArray(doc.lines || [])) throw shape('lines must be an array');
  for (const l of doc.lines || []) {
    if (!l || typeof l !== 'object') throw shape('each line must be an object');
    for (const [k, v] of Object.entries(l)) {
      if (k === 'line' ? !(Number.isInteger(v) && v > 0) : v !== null && typeof v !== 'string') throw shape(k === 'line' ? 'line must be a positive whole number' : `line field ${k} must be a string`);
    }
  }
  if (doc.saved_at !== undefined && Number.isNaN(new Date(doc.saved_at).getTime())) throw shape('saved_at is not a date');
  return doc;
}

/**
 * scenario@1 → scenario@2: the file gets its size and CRC-32 (checked whenever it is
 * opened), the engine version is recorded (null: not known for a migrated scenario), and
 * `migrated_from` says where it came from. Nothing else changes.
 */
export function migrateV1(doc) {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw shape('not an object');
  const out = { ...doc, schema: SCHEMA, engine_version: null, migrated_from: SCHEMA_V1 };
  if (doc.kind === 'csv' && doc.file && typeof doc.file.base64 === 'string') {
    const bytes = b64decode(doc.file.base64);
    out.file = { ...doc.file, size: bytes.length, crc32: crc32(bytes) };
  }
  return out;
}

/** Any scenario document this page can read, as scenario@2 (migrated when older); throws UnreadableScenario. */
export function upgrade(doc) {
  const schema = doc && typeof doc === 'object' ? doc.schema : undefined;
  const m = typeof schema === 'string' ? SCHEMA_RE.exec(schema) : null;
  if (m && Number(m[1]) > 2) throw new UnreadableScenario('newer', `saved by a newer version (${schema})`, schema);
  if (schema === SCHEMA_V1) return validate(migrateV1(doc));
  return validate(doc);
}

/** The file's bytes of a csv scenario, checked against their size and CRC-32; throws UnreadableScenario('damaged'). */
export function fileBytes(doc) {
  const bytes = b64decode(doc.file.base64);
  if (bytes.length !== doc.file.size || crc32(bytes) !== doc.file.crc32) {
    throw new UnreadableScenario('damaged', `file bytes do not match their check (${bytes.length} bytes, crc ${crc32(bytes)}; saved ${doc.file.size} bytes, crc ${doc.file.crc32})`);
  }
  return bytes;
}

// --- the store ---
function entryName(x) {
  return x && typeof x === 'object' && typeof x.name === 'string' ? x.name : null;
}

/**
 * Reads the store: { list (scenario@2 documents), bad ([{ name, reason, schema, message, raw }]),
 * migrated (how many were older), raw (the stored text) }. Writes nothing.
 */
export function readStore(storage = localStorage) {
  const raw = storage.getItem(STORE_KEY);
  const out = { list: [], bad: [], migrated: 0, raw };
  if (raw === null) return out;
  let parsed;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    out.bad.push({ name: null, reason: 'json', schema: null, message: String(e.message), raw });
    return out;
  }
  if (!Array.isArray(parsed)) {
    out.bad.push({ name: null, reason: 'shape', schema: null, message: 'the store is not a list of scenarios', raw });
    return out;
  }
  for (const entry of parsed) {
    try {
      const doc = upgrade(entry);
      if (entry.schema !== SCHEMA) out.migrated += 1;
      out.list.push(doc);
    } catch (e) {
      if (!(e instanceof UnreadableScenario)) throw e;
      out.bad.push({ name: entryName(entry), reason: e.reason, schema: e.schema || null, message: e.message, raw: JSON.stringify(entry) });
    }
  }
  return out;
}

/** The scenarios set aside so far: [{ set_aside_at, name, reason, schema, message, raw }]. */
export function setAside(storage = localStorage) {
  try {
    const x = JSON.parse(storage.getItem(SET_ASIDE_KEY) || '[]');
    return Array.isArray(x) ? x : [];
  } catch {
    return [];
  }
}

function appendSetAside(storage, items) {
  let kept;
  const text = storage.getItem(SET_ASIDE_KEY);
  try {
    kept = JSON.parse(text || '[]');
    if (!Array.isArray(kept)) throw new Error('not a list');
  } catch {
    // the set-aside list itself is damaged: it is kept as one more entry, not dropped
    kept = [{ set_aside_at: new Date().toISOString(), name: null, reason: 'json', schema: null, message: 'the set-aside list was damaged', raw: text }];
  }
  const at = new Date().toISOString();
  storage.setItem(SET_ASIDE_KEY, JSON.stringify([...kept, ...items.map((b) => ({ set_aside_at: at, ...b }))]));
}

/**
 * Puts the store in order: entries that can't be read are set aside (first), the text
 * before a migration is backed up (once), then the store is written with the readable
 * scenarios, migrated. Returns { list, setAside: [the entries set aside now], migrated,
 * writable }; `writable` is false when setting aside failed, and then nothing was written.
 */
export function tidy(storage = localStorage) {
  const s = readStore(storage);
  const result = { list: s.list, setAside: [], migrated: s.migrated, writable: true };
  if (!s.bad.length && !s.migrated) return result;
  try {
    if (s.bad.length) appendSetAside(storage, s.bad);
  } catch {
    result.writable = false;
    return result;
  }
  result.setAside = s.bad;
  if (s.migrated && storage.getItem(BACKUP_KEY) === null) {
    try {
      storage.setItem(BACKUP_KEY, s.raw);
    } catch {
      /* the backup is a courtesy: the migrated scenarios hold the same data */
    }
  }
  try {
    storage.setItem(STORE_KEY, JSON.stringify(s.list));
  } catch {
    result.writable = s.bad.length === 0;
  }
  return result;
}

/**
 * Changes the list of scenarios: `change(list)` returns the new list. The store is put in
 * order first (so nothing unreadable is dropped); throws when it can't be written.
 */
export function update(change, storage = localStorage) {
  const tidied = tidy(storage);
  if (!tidied.writable) throw new UnreadableScenario('storage', 'the store holds scenarios that could not be set aside');
  const list = change(tidied.list);
  storage.setItem(STORE_KEY, JSON.stringify(list));
  return { list, setAside: tidied.setAside };
}

/** Sets one scenario aside (its file turned out damaged when opened) and takes it out of the list. */
export function setAsideOne(doc, err, storage = localStorage) {
  appendSetAside(storage, [{ name: doc.name, reason: err.reason, schema: doc.schema, message: err.message, raw: JSON.stringify(doc) }]);
  update((list) => list.filter((s) => s.name !== doc.name), storage);
}

/** Deletes the scenarios set aside (the user asked, after a confirmation). */
export function discardSetAside(storage = localStorage) {
  storage.removeItem(SET_ASIDE_KEY);
}
