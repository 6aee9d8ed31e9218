// Silkroad Ledger explorer: a single page, no framework, no third-party code (the gateway serves it offline).
// Safety: every value from the ledger is inserted with textContent (never innerHTML), and the page's CSP allows
// only same-origin scripts, so ledger content cannot run as code. The API key lives in sessionStorage: it is
// gone when the tab closes, is sent only as X-API-Key to this origin, and never appears in a URL.
'use strict';

const KEY_STORE = 'silkroad.explorer.apiKey';
const API = '/api/v1/explorer';
const main = () => document.getElementById('main');

// ---- DOM helpers ---------------------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.substring(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}
const link = (href, text, id) => el('a', { href, id }, text);
const blockLink = (n) => link('#/block/' + n, '#' + n, 'block-link-' + n);
const txLink = (id) => link('#/tx/' + encodeURIComponent(id), id.length > 16 ? id.substring(0, 16) + '…' : id, null);
const entityLink = (key) => link('#/entity/' + encodeURIComponent(key), key, null);
const mono = (text) => el('span', { class: 'mono' }, text ?? '');
const time = (iso) => (iso ? new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—');
const code = (c) => el('span', { class: c === 'VALID' ? 'ok' : 'bad' }, c ?? '—');

function facts(pairs) {
  return el('dl', { class: 'facts' }, pairs.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v ?? '—')]));
}
function table(headers, rows, id) {
  return el('table', { id }, el('thead', {}, el('tr', {}, headers.map((h) => el('th', {}, h)))),
    el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c) => el('td', {}, c ?? ''))))));
}
function show(...nodes) {
  main().replaceChildren(...nodes.flat(2).filter((n) => n !== null && n !== undefined));
}

// ---- API -----------------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || 'HTTP ' + status);
    this.status = status;
    this.code = problem && problem.code;
  }
}

async function api(path) {
  const key = sessionStorage.getItem(KEY_STORE);
  if (!key) throw new ApiError(401, { detail: 'not logged in' });
  const response = await fetch(API + path, { headers: { 'X-API-Key': key, Accept: 'application/json' } });
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch (e) { /* not a problem document */ }
    throw new ApiError(response.status, problem);
  }
  return response;
}
const apiJson = async (path) => (await api(path)).json();

// ---- pages ---------------------------------------------------------------------------------------------------

function loginPage(message) {
  document.getElementById('logout').hidden = true;
  document.getElementById('who').textContent = '';
  const input = el('input', { id: 'api-key', type: 'password', autocomplete: 'off', placeholder: 'API key' });
  const error = el('p', { class: 'error', id: 'login-error' }, message || '');
  const form = el('form', {
    class: 'card login', id: 'login-form',
    onsubmit: async (event) => {
      event.preventDefault();
      sessionStorage.setItem(KEY_STORE, input.value.trim());
      try {
        await apiJson('/status');
        location.hash = '#/overview';
        route();
      } catch (e) {
        sessionStorage.removeItem(KEY_STORE);
        error.textContent = e.status === 403
          ? 'This identity may not use the explorer: only courts and regulators may.'
          : e.status === 401 ? 'Unknown API key.' : 'Cannot log in: ' + e.message;
      }
    },
  },
  el('h1', {}, 'Explorer for courts and regulators'),
  el('p', {}, 'Log in with the API key of a court or regulator identity of any member state. The key stays in this tab only.'),
  input, el('button', { type: 'submit', id: 'login-button' }, 'Log in'), error);
  show(el('section', { class: 'card' }, form));
  input.focus();
}

function chart(points) {
  const width = 720, height = 180, pad = 28;
  const max = Math.max(1, ...points.map((p) => p.transactions));
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'chart');
  svg.setAttribute('id', 'tpm-chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'transactions per minute, last ' + points.length + ' minutes');
  const add = (tag, attrs, text) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    svg.append(node);
    return node;
  };
  add('line', { x1: pad, y1: height - pad, x2: width, y2: height - pad });
  add('text', { x: 2, y: 12 }, String(max));
  add('text', { x: 2, y: height - pad }, '0');
  const barWidth = (width - pad) / Math.max(points.length, 1);
  points.forEach((p, i) => {
    const h = ((height - 2 * pad) * p.transactions) / max;
    const bar = add('rect', { class: 'bar', x: pad + i * barWidth + 1, y: height - pad - h, width: Math.max(barWidth - 2, 1), height: h });
    const title = document.createElementNS(ns, 'title');
    title.textContent = `${time(p.minute)}: ${p.transactions} transactions`;
    bar.append(title);
    if (i % 10 === 0) add('text', { x: pad + i * barWidth, y: height - 8 }, time(p.minute).substring(11, 16));
  });
  return svg;
}

async function overviewPage() {
  const [status, activity, blocks] = await Promise.all([apiJson('/status'), apiJson('/activity?minutes=60'),
    apiJson('/blocks?limit=15')]);
  const progress = el('div', { class: 'progress' }, el('div', {}));
  progress.firstChild.style.width = status.progressPercent + '%';
  show(
    el('h1', { id: 'page-title' }, 'Overview'),
    el('div', { class: 'tiles' },
      el('div', { class: 'tile' }, el('div', { class: 'value', id: 'chain-height' }, status.chainHeight), el('div', { class: 'label' }, 'channel height (blocks)')),
      el('div', { class: 'tile' }, el('div', { class: 'value', id: 'indexed-height' }, status.indexedHeight), el('div', { class: 'label' }, 'blocks indexed')),
      el('div', { class: 'tile' }, el('div', { class: 'value' }, status.transactions), el('div', { class: 'label' }, 'transactions indexed')),
      el('div', { class: 'tile' }, el('div', { class: 'value' }, `${status.quorum.required} of ${status.quorum.consenters}`), el('div', { class: 'label' }, 'orderer signatures per block (BFT quorum)'))),
    el('section', { class: 'card', id: 'indexing' },
      el('strong', {}, status.catchingUp ? `Indexing: ${status.progressPercent}%` : 'Index up to date'), progress,
      el('span', { class: 'muted' }, status.catchUpMillis >= 0
        ? `caught up from block ${status.startedAtBlock} in ${(status.catchUpMillis / 1000).toFixed(1)} s` : 'catching up…'),
      status.lastError ? el('p', { class: 'error' }, 'Last indexing error: ' + status.lastError) : null),
    el('h2', {}, 'Transactions per minute (last hour)'), chart(activity),
    el('h2', {}, 'Member states'),
    table(['state', 'last endorsement by its peers'], status.states.map((s) => [s.mspId,
      s.lastEndorsedBlock === null ? el('span', { class: 'muted' }, 'none recently')
        : el('span', {}, blockLink(s.lastEndorsedBlock), ' ', time(s.lastEndorsedAt))]), 'states'),
    el('h2', {}, 'Ordering nodes (BFT consenters)'),
    table(['id', 'state', 'endpoint', 'signed of last blocks', 'last signed block'], status.consenters.map((c) => [
      String(c.id), c.mspId, mono(c.endpoint),
      el('span', { class: c.signedOfRecentBlocks > 0 ? 'ok' : 'bad' }, `${c.signedOfRecentBlocks} / ${c.recentBlocks}`),
      c.lastSignedBlock === null ? '—' : blockLink(c.lastSignedBlock)]), 'consenters'),
    el('h2', {}, 'Recent blocks'), blockTable(blocks));
  // While the index catches up (a new install starts at block 0), the page follows its progress.
  if (status.catchingUp) {
    setTimeout(() => { if ((location.hash || '#/overview') === '#/overview') route(); }, 2000);
  }
}

function blockTable(blocks) {
  return table(['block', 'time', 'transactions', 'hash', 'orderer signatures'], blocks.map((b) => [
    blockLink(b.number), time(b.time), String(b.transactionCount), mono(b.hash.substring(0, 16) + '…'),
    String(b.ordererSignatures.length)]), 'recent-blocks');
}

async function blockPage(number) {
  const b = await apiJson('/blocks/' + encodeURIComponent(number));
  show(
    el('h1', { id: 'page-title' }, 'Block ' + b.number),
    el('section', { class: 'card' }, facts([
      ['number', String(b.number)], ['hash', mono(b.hash)], ['previous hash', mono(b.previousHash)],
      ['data hash', mono(b.dataHash)], ['time', time(b.time)], ['configuration in force', blockLink(b.lastConfig)],
      ['orderer signatures', b.ordererSignatures.join(', ') || 'none (genesis block)'],
      ['neighbours', el('span', {}, b.number > 0 ? blockLink(b.number - 1) : '—', ' · ', blockLink(b.number + 1))]])),
    el('h2', {}, 'Transactions'),
    table(['#', 'transaction', 'type', 'function', 'creator', 'endorsing states', 'validation'], b.transactions.map((t) => [
      String(t.index), txLink(t.txId), t.type, t.function ?? '', t.creator ?? '', (t.endorserStates || []).join(', '),
      code(t.validationCode)]), 'block-transactions'));
}

function exportButton(params, label) {
  const status = el('span', { class: 'muted', id: 'export-status' });
  const button = el('button', {
    type: 'button', id: 'export-bundle',
    onclick: async () => {
      status.textContent = 'Exporting…';
      try {
        const response = await api('/bundle?' + params);
        const blob = await response.blob();
        const url = URL.createObjectURL(blob);
        const a = el('a', { href: url, download: 'evidence-bundle.json', id: 'bundle-download' }, 'evidence-bundle.json');
        status.replaceChildren('Saved ', a, ` (${blob.size} bytes). Verify offline: java -jar silkroad-ops.jar verify-bundle evidence-bundle.json`);
        a.click();
      } catch (e) {
        status.textContent = 'Export failed: ' + e.message;
      }
    },
  }, label || 'Export evidence bundle');
  return el('p', {}, button, ' ', status);
}

async function transactionPage(txId) {
  const t = await apiJson('/transactions/' + encodeURIComponent(txId));
  const d = t.detail;
  const sections = [
    el('h1', { id: 'page-title' }, 'Transaction'),
    el('section', { class: 'card' }, facts([
      ['transaction ID', mono(t.txId)], ['block', el('span', {}, blockLink(t.blockNumber), ` position ${t.index}`)],
      ['type', d.type], ['time', time(t.time)], ['validation code', code(t.validationCode)],
      ['creator', d.creator ? `${d.creator.name} (state ${d.creator.mspId}${d.creator.role ? ', role ' + d.creator.role : ''})` : '—'],
      ['chaincode / function', t.chaincode ? `${t.chaincode} · ${t.function ?? ''}` : '—'],
      ['recorded', t.occurrences > 1 ? `${t.occurrences} times (duplicates are invalid)` : 'once']])),
    exportButton('txId=' + encodeURIComponent(t.txId)),
  ];
  for (const action of d.actions || []) {
    sections.push(el('h2', {}, 'Endorsements'),
      table(['endorser', 'state', 'role'], action.endorsements.map((e) => [e.name, e.mspId, e.role ?? '']), 'endorsements'));
    sections.push(el('h2', {}, 'Arguments'), el('pre', { class: 'value' }, action.arguments.join('\n')));
    for (const ns of action.namespaces) {
      sections.push(el('h2', {}, `Reads and writes · ${ns.namespace}`));
      if (ns.reads.length) sections.push(table(['read key', 'version (block:tx)'], ns.reads.map((r) => [mono(r.key), r.version ?? 'absent'])));
      if (ns.writes.length) {
        sections.push(table(['written key', 'value', 'SHA-256 of value'], ns.writes.map((w) => [
          entityLink(w.key), w.delete ? el('em', {}, 'deleted') : el('pre', { class: 'value' }, w.value), mono(w.valueSha256)]), 'writes'));
      }
      if (ns.rangeQueries) sections.push(el('p', { class: 'muted' }, `${ns.rangeQueries} range queries`));
      for (const c of ns.privateCollections) {
        sections.push(el('h2', {}, `Private data · collection ${c.collection} (hashes only)`),
          table(['key hash', 'value hash'], c.writes.map((w) => [mono(w.keyHash), w.delete ? 'deleted' : mono(w.valueHash)])));
      }
    }
    if (action.event) {
      sections.push(el('h2', {}, 'Chaincode event'),
        facts([['name', action.event.name], ['payload', el('pre', { class: 'value', id: 'event-payload' }, action.event.payload)]]));
    }
  }
  if (d.states) {
    sections.push(el('h2', {}, 'Channel configuration'),
      table(['state', 'CA root certificates'], d.states.map((s) => [s.mspId, String(s.rootCertificates)])),
      table(['consenter', 'state', 'endpoint'], (d.consenters || []).map((c) => [String(c.id), c.mspId, mono(c.endpoint)])));
  }
  show(...sections);
}

async function entityPage(key) {
  const e = await apiJson('/entities?key=' + encodeURIComponent(key));
  show(
    el('h1', { id: 'page-title' }, 'History of ' + e.key),
    el('section', { class: 'card' }, facts([['key', mono(e.key)], ['object type', e.objectType || '(simple key)'],
      ['namespace', e.namespace], ['private collection', e.collection || '— (public state)'],
      ['versions', String(e.versions.filter((v) => v.valid).length)]])),
    exportButton('key=' + encodeURIComponent(e.key)),
    el('ol', { class: 'timeline', id: 'timeline' }, e.versions.map((v) => el('li', { class: v.valid ? '' : 'invalid' },
      el('strong', {}, v.valid ? `version ${v.version}` : 'not applied (invalid transaction)'), ' · ',
      time(v.time), ' · block ', blockLink(v.blockNumber), ' · transaction ', txLink(v.txId), el('br'),
      el('span', { class: 'muted' }, `${v.function ?? ''} by ${v.creator ?? '?'}, endorsed by ${v.endorserStates || '?'}`),
      v.delete ? el('p', {}, el('em', {}, 'deleted')) : el('pre', { class: 'value' }, v.value ?? ('value hash ' + v.valueSha256))))));
}

async function searchPage(q) {
  document.getElementById('search-input').value = q;
  const r = await apiJson('/search?q=' + encodeURIComponent(q));
  const empty = !r.blocks.length && !r.transactions.length && !r.entities.length && !r.documents.length && !r.events.length;
  show(
    el('h1', { id: 'page-title' }, 'Search: ' + r.query),
    empty ? el('p', { id: 'no-results' }, 'Nothing in the index matches.') : null,
    r.blocks.length ? [el('h2', {}, 'Blocks'), blockTable(r.blocks)] : null,
    r.entities.length ? [el('h2', {}, 'Entities (ledger keys)'), exportButton('id=' + encodeURIComponent(r.query), 'Export evidence for this ID'),
      table(['key', 'writes', 'last block'], r.entities.map(searchEntityCells), 'entities'),
      moreButton('More entities', 'entities', r.query, r.moreEntities, 'entities', searchEntityCells)] : null,
    r.events.length ? [el('h2', {}, 'Events naming it'), table(['event', 'occurrences'], r.events.map((x) => [x.event, String(x.occurrences)]))] : null,
    r.transactions.length ? [el('h2', {}, 'Transactions'), table(['block', 'transaction', 'time', 'function', 'creator', 'validation'],
      r.transactions.map(searchTransactionCells), 'search-transactions'),
      moreButton('More transactions', 'transactions', r.query, r.moreTransactions, 'search-transactions', searchTransactionCells)] : null,
    r.documents.length ? [el('h2', {}, 'Documents with this hash'), documentTable(r.documents)] : null);
}

const searchTransactionCells = (t) =>
  [blockLink(t.blockNumber), txLink(t.txId), time(t.time), t.function ?? '', t.creator ?? '', code(t.validationCode)];
const searchEntityCells = (x) => [entityLink(x.key), String(x.versions), blockLink(x.lastBlock)];

// A search shows the first 200 transactions and entities that name an ID; this appends the rest of one list, a page
// at a time, from /search/<list> (its items in the response's field of the same name).
function moreButton(label, list, q, cursor, tableId, cells) {
  if (!cursor) return null;
  let after = cursor;
  const button = el('button', { type: 'button', id: 'more-' + list, onclick: async () => {
    button.disabled = true;
    try {
      const page = await apiJson(`/search/${list}?q=${encodeURIComponent(q)}&after=${encodeURIComponent(after)}&limit=200`);
      const body = document.querySelector('#' + tableId + ' tbody');
      for (const item of page[list]) body.append(el('tr', {}, cells(item).map((c) => el('td', {}, c ?? ''))));
      after = page.next;
      if (after) button.disabled = false; else button.remove();
    } catch (e) {
      button.textContent = label + ' (failed: ' + e.message + '; try again)';
      button.disabled = false;
    }
  } }, label);
  return button;
}

function documentTable(matches) {
  return table(['key', 'field', 'version', 'block', 'transaction', 'time'], matches.map((m) => [
    m.key.startsWith('event ') ? m.key : entityLink(m.key), m.field, m.version === null ? '—' : String(m.version),
    blockLink(m.blockNumber), txLink(m.txId), time(m.time)]), 'document-matches');
}

function verifyPage() {
  const result = el('div', { id: 'verify-result' });
  const input = el('input', { type: 'file', id: 'document-file' });
  const check = async (file) => {
    result.replaceChildren(el('p', {}, `Hashing ${file.name} in this browser…`));
    const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
    const hex = Array.from(new Uint8Array(digest)).map((b) => b.toString(16).padStart(2, '0')).join('');
    const r = await apiJson('/documents/' + hex);
    result.replaceChildren(
      facts([['file', file.name], ['size', file.size + ' bytes'], ['SHA-256', mono(hex)]]),
      r.registered
        ? el('p', { class: 'ok', id: 'verify-verdict' }, `Registered: this exact file matches ${r.matches.length} ledger record(s).`)
        : el('p', { class: 'bad', id: 'verify-verdict' }, 'Not registered: no ledger record holds this hash. The file differs from every registered document.'),
      r.registered ? documentTable(r.matches) : null);
  };
  input.addEventListener('change', () => input.files[0] && check(input.files[0]).catch(fail));
  const zone = el('div', { class: 'dropzone', id: 'dropzone' }, el('p', {}, 'Drop a file here, or choose one: '), input,
    el('p', { class: 'muted' }, 'The file never leaves this computer: only its SHA-256 is sent.'));
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    if (e.dataTransfer.files[0]) check(e.dataTransfer.files[0]).catch(fail);
  });
  show(el('h1', { id: 'page-title' }, 'Verify a document'), zone, result);
}

// ---- routing -------------------------------------------------------------------------------------------------

function fail(e) {
  if (e.status === 401 || e.status === 403) {
    sessionStorage.removeItem(KEY_STORE);
    loginPage(e.status === 403 ? 'This identity may not use the explorer: only courts and regulators may.' : 'Please log in.');
    return;
  }
  show(el('h1', { id: 'page-title' }, e.status === 404 ? 'Not found' : 'Something went wrong'),
    el('p', { class: 'error', id: 'error' }, e.message));
}

async function route() {
  if (!sessionStorage.getItem(KEY_STORE)) { loginPage(); return; }
  document.getElementById('logout').hidden = false;
  const hash = location.hash || '#/overview';
  const [, page, ...rest] = hash.split('/');
  const arg = decodeURIComponent(rest.join('/'));
  try {
    if (page === 'block') await blockPage(arg);
    else if (page === 'tx') await transactionPage(arg);
    else if (page === 'entity') await entityPage(arg);
    else if (page === 'search') await searchPage(arg);
    else if (page === 'verify') verifyPage();
    else await overviewPage();
  } catch (e) {
    fail(e);
  }
}

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const q = document.getElementById('search-input').value.trim();
    if (q) location.hash = '#/search/' + encodeURIComponent(q);
  });
  document.getElementById('logout').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_STORE);
    location.hash = '';
    loginPage('Logged out.');
  });
  window.addEventListener('hashchange', route);
  route();
});
