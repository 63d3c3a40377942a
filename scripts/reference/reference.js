// The plain-JavaScript reference page for scripts/bench-first-load.mjs: what the console does on
// its marketplace and connection list, with the same API calls and the same card and row markup,
// written the way a careful hand-written page would be (DOM templates cloned, keyed reuse of
// cards and rows, one pass over the catalog per filter change). No framework, no build step.
//
// ?view=marketplace (default) or ?view=connections. The session comes from sessionStorage
// ("mc.session", the console's own key and JSON shape), so sign in through the console first.
'use strict';

(() => {
  const STORAGE_KEY = 'mc.session';
  const BATCH = 100; // the server's page size limit, as the console asks
  const PAGE_SIZE = 24; // cards per grid page
  const CONN_PAGE_SIZES = [10, 25, 50, 100];
  const RESTORE_WINDOW_SECS = 30 * 24 * 60 * 60;
  const CATEGORIES = ['audience activation', 'identity management', 'reporting', 'data store', 'campaign management', 'events'];
  const PLATFORMS = [
    'Social Media Platform', 'CRM Platform', 'Demand-Side Platform (DSP)', 'Cloud Storage Provider',
    'Media Management System', 'Identity Management', 'Supply-Side Platform (SSP)',
    'Customer Data Platform (CDP)', 'E-Commerce Platform', 'Data Provider',
  ];
  const ROLES = ['Source', 'Destination'];
  const STATUSES = ['In-progress', 'active', 'disabled', 'deleted', 'broken', 'offline'];
  const STATUS_FILTERS = [
    ['', 'All statuses'], ['In-progress', 'In progress'], ['active', 'Active'], ['disabled', 'Disabled'],
    ['broken', 'Broken'], ['offline', 'Offline'], ['deleted', 'Recently deleted'],
  ];
  const STATUS_PARTS = {
    'In-progress': ['In progress', '\u25d4', 'progress'],
    active: ['Active', '\u2713', 'active'],
    disabled: ['Disabled', '\u275a\u275a', 'disabled'],
    deleted: ['Deleted', '\u2715', 'deleted'],
    broken: ['Broken', '!', 'broken'],
    offline: ['Offline', '\u2301', 'offline'],
  };
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  // --- small helpers ---------------------------------------------------------------------------

  /** Like the console's encode_component: encodeURIComponent plus !'()*. */
  const enc = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  const lowerMap = (values) => new Map(values.map((v, i) => [v.toLowerCase(), i]));
  const CAT_KNOWN = lowerMap(CATEGORIES);
  const PLAT_KNOWN = lowerMap(PLATFORMS);
  const ROLE_KNOWN = lowerMap(ROLES);
  const STATUS_KNOWN = lowerMap(STATUSES);
  /** A documented value in its documented spelling (case ignored), anything else trimmed. */
  const canon = (known, list, v) => {
    const t = String(v ?? '').trim();
    const i = known.get(t.toLowerCase());
    return i === undefined ? t : list[i];
  };

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function hidden(text) {
    return el('span', 'mc-visually-hidden', text);
  }
  function template(html) {
    const t = document.createElement('template');
    t.innerHTML = html;
    return t.content.firstElementChild;
  }

  // --- session and API -------------------------------------------------------------------------

  function readSession() {
    try {
      const s = JSON.parse(sessionStorage.getItem(STORAGE_KEY));
      if (!s || typeof s.accessToken !== 'string' || !s.accessToken.trim()) return null;
      if (typeof s.expiresAt === 'number' && s.expiresAt <= Date.now()) return null;
      return s;
    } catch {
      return null;
    }
  }
  const session = readSession();
  // The console's default API base is <base href> (its public path); this page sits one level
  // below it, in reference/.
  const defaultBase = new URL('..', document.baseURI).href.replace(/\/$/, '');
  const apiBase = (session?.apiBase || defaultBase).replace(/\/$/, '');
  const basePath = new URL('..', document.baseURI).pathname.replace(/\/$/, ''); // router base, '' at the root
  const apiOrigin = /^https?:\/\//i.test(apiBase) ? new URL(apiBase).origin : location.origin;
  let accountId = session?.accountId || null;

  function saveAccount(id) {
    accountId = id;
    const s = readSession();
    if (s) {
      s.accountId = id;
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(s));
    }
  }

  /** One API call: the envelope ({statusCode, statusMessage, response, total}) or an Error. */
  async function api(path, params = []) {
    const q = params.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => `${enc(k)}=${enc(String(v))}`).join('&');
    const res = await fetch(apiBase + path + (q ? `?${q}` : ''), {
      headers: { Accept: 'application/json', Authorization: `Bearer ${session.accessToken}` },
    });
    const text = await res.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`The server answered ${res.status} without JSON.`);
    }
    if (!res.ok) throw new Error(body?.statusMessage || `The server answered ${res.status}.`);
    return body;
  }

  /** Logo URLs from the API: http(s), or a same-origin absolute path; anything else: initials. */
  function safeUrl(raw) {
    const s = String(raw ?? '').trim();
    if (!s || /[\s\\\u0000-\u001f\u007f]/.test(s)) return null;
    const m = /^https?:\/\/([^/?#]*)/i.exec(s);
    if (m) return m[1] && !m[1].includes('@') ? s : null;
    if (s.startsWith('/') && !s.startsWith('//')) return apiOrigin + s;
    return null;
  }
  function initials(name) {
    return name.split(/[\s\-_]+/).map((w) => (w.match(/[\p{L}\p{N}]/u) || [''])[0]).filter(Boolean).slice(0, 2).join('').toUpperCase();
  }
  /** Fills `<span class="mc-logo">` with the image, or initials when there is none or it fails. */
  function fillLogo(box, src, name) {
    const url = safeUrl(src);
    const fallback = () => {
      const i = el('span', 'mc-logo__initials', initials(name));
      i.setAttribute('role', 'img');
      i.setAttribute('aria-label', `${name} logo`);
      box.replaceChildren(i);
    };
    if (!url) return fallback();
    const img = el('img', 'mc-logo__img');
    img.src = url;
    img.alt = `${name} logo`;
    img.loading = 'lazy';
    img.decoding = 'async';
    img.addEventListener('error', fallback, { once: true });
    box.append(img);
  }

  // --- the account switcher (the console's header loads the same list) --------------------------

  const main = document.getElementById('mc-main');
  let onAccountChange = () => {};
  const accountsLoaded = session
    ? api('/es/v2/accounts').then((env) => {
      const items = env.response || [];
      const box = document.getElementById('mc-ref-account');
      if (!items.length) return;
      if (!accountId || !items.some((a) => a.id === accountId)) {
        // None chosen, or one no longer listed: the first, and the page reloads for it.
        const had = accountId;
        saveAccount(items[0].id);
        if (had) onAccountChange();
      }
      const field = el('div', 'mc-field mc-field--inline mc-account');
      const label = el('label', 'mc-field__label', 'Sub-account');
      label.htmlFor = 'mc-account-select';
      const select = el('select', 'mc-field__input mc-field__input--select');
      select.id = 'mc-account-select';
      for (const a of items) {
        const o = el('option', null, a.name);
        o.value = a.id;
        o.selected = a.id === accountId;
        select.append(o);
      }
      select.addEventListener('change', () => {
        saveAccount(select.value);
        onAccountChange();
      });
      field.append(label, select);
      box.replaceChildren(field);
    }, () => {})
    : Promise.resolve();

  // --- marketplace ---------------------------------------------------------------------------

  /** The loaded catalog sorted by name, with what one query pass needs precomputed. */
  function buildIndex(raw) {
    const items = raw.map((c) => ({
      ...c,
      dataTypeCategory: canon(CAT_KNOWN, CATEGORIES, c.dataTypeCategory),
      platformType: canon(PLAT_KNOWN, PLATFORMS, c.platformType),
      supportedType: canon(ROLE_KNOWN, ROLES, c.supportedType),
      sortKey: String(c.name).toLowerCase(),
    }));
    items.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1
      : a.connectorId < b.connectorId ? -1 : a.connectorId > b.connectorId ? 1 : 0));
    const unique = items.filter((c, i) => i === 0 || c.connectorId !== items[i - 1].connectorId);
    const facetValues = (known, seen) => {
      const k = new Set(known.map((v) => v.toLowerCase()));
      const extra = [...new Set(seen.filter((v) => !k.has(v.toLowerCase())))].sort();
      return [...known, ...extra];
    };
    const categoryValues = facetValues(CATEGORIES, unique.map((c) => c.dataTypeCategory));
    const platformValues = facetValues(PLATFORMS, unique.map((c) => c.platformType));
    const catPos = lowerMap(categoryValues);
    const platPos = lowerMap(platformValues);
    const n = unique.length;
    const keys = new Array(n);
    const category = new Uint16Array(n);
    const platform = new Uint16Array(n);
    const role = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const c = unique[i];
      keys[i] = `${c.name}\n${c.description ?? ''}\n${c.platformType}\n${c.dataType}\n${c.dataTypeCategory}`.toLowerCase();
      category[i] = catPos.get(c.dataTypeCategory.toLowerCase());
      platform[i] = platPos.get(c.platformType.toLowerCase());
      role[i] = c.supportedType === 'Source' ? 1 : c.supportedType === 'Destination' ? 2 : 0;
    }
    return { items: unique, keys, category, platform, role, categoryValues, platformValues };
  }

  /** One pass: the matches, and each facet's counts under the other active filters. */
  function query(ix, f) {
    const mask = (values, chosen) => {
      if (!chosen.length) return null;
      const m = new Uint8Array(values.length);
      for (const c of chosen) {
        const i = values.findIndex((v) => v.toLowerCase() === c.toLowerCase());
        if (i >= 0) m[i] = 1;
      }
      return m;
    };
    const catMask = mask(ix.categoryValues, f.categories);
    const platMask = mask(ix.platformValues, f.platforms);
    const wantRole = f.role === 'Source' ? 1 : f.role === 'Destination' ? 2 : 0;
    const terms = f.q.toLowerCase().split(/\s+/).filter(Boolean);
    const catCounts = new Array(ix.categoryValues.length).fill(0);
    const platCounts = new Array(ix.platformValues.length).fill(0);
    let sources = 0;
    let destinations = 0;
    const matches = [];
    const n = ix.items.length;
    outer: for (let i = 0; i < n; i++) {
      if (terms.length) {
        const key = ix.keys[i];
        for (const t of terms) if (!key.includes(t)) continue outer;
      }
      const c = ix.category[i];
      const p = ix.platform[i];
      const r = ix.role[i];
      const catOk = !catMask || catMask[c] === 1;
      const platOk = !platMask || platMask[p] === 1;
      const roleOk = !wantRole || wantRole === r;
      if (platOk && roleOk) catCounts[c]++;
      if (catOk && roleOk) platCounts[p]++;
      if (catOk && platOk) {
        if (r === 1) sources++;
        else if (r === 2) destinations++;
      }
      if (catOk && platOk && roleOk) matches.push(i);
    }
    const facet = (values, counts, chosen) => {
      const isOn = (v) => chosen.some((c) => c.toLowerCase() === v.toLowerCase());
      const out = [];
      values.forEach((v, i) => {
        const active = isOn(v);
        if (counts[i] > 0 || active) out.push({ value: v, count: counts[i], active });
      });
      for (const c of chosen) {
        if (!out.some((fc) => fc.value.toLowerCase() === c.toLowerCase())) out.push({ value: c, count: 0, active: true });
      }
      return out;
    };
    return {
      matches,
      categories: facet(ix.categoryValues, catCounts, f.categories),
      platforms: facet(ix.platformValues, platCounts, f.platforms),
      sources,
      destinations,
    };
  }

  function filtersFromUrl() {
    const f = { categories: [], platforms: [], role: null, q: '', page: 1 };
    const pushUnique = (list, v) => {
      if (!list.some((x) => x.toLowerCase() === v.toLowerCase())) list.push(v);
    };
    for (const [k, raw] of new URLSearchParams(location.search)) {
      const v = raw.trim();
      if (!v) continue;
      if (k === 'dataTypeCategory') pushUnique(f.categories, canon(CAT_KNOWN, CATEGORIES, v));
      else if (k === 'platformType') pushUnique(f.platforms, canon(PLAT_KNOWN, PLATFORMS, v));
      else if (k === 'supportedType' || k === 'role') {
        const r = canon(ROLE_KNOWN, ROLES, v);
        f.role = ROLES.includes(r) ? r : null;
      } else if (k === 'q') f.q = v;
      else if (k === 'page') f.page = Math.max(1, parseInt(v, 10) || 1);
    }
    return f;
  }
  function filtersToQuery(f) {
    const pairs = [['view', 'marketplace']];
    for (const c of f.categories) pairs.push(['dataTypeCategory', c]);
    for (const p of f.platforms) pairs.push(['platformType', p]);
    if (f.role) pairs.push(['supportedType', f.role]);
    if (f.q.trim()) pairs.push(['q', f.q.trim()]);
    if (f.page > 1) pairs.push(['page', String(f.page)]);
    return pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
  }
  const isFiltered = (f) => f.categories.length > 0 || f.platforms.length > 0 || f.role !== null || f.q.trim() !== '';
  const toggle = (list, v) => {
    const rest = list.filter((x) => x.toLowerCase() !== v.toLowerCase());
    return rest.length === list.length ? [...list, v] : rest;
  };

  const CARD = template(
    '<li class="mc-card mc-card--interactive mc-mkt-card"><div class="mc-mkt-card__head"><span class="mc-logo mc-logo--md"></span>'
    + '<div class="mc-mkt-card__title"><h3 class="mc-mkt-card__name"><a class="mc-mkt-card__link"></a></h3>'
    + '<p class="mc-mkt-card__platform"></p></div></div><dl class="mc-mkt-card__facts"><div><dt>Data type</dt><dd></dd></div>'
    + '<div><dt>Category</dt><dd class="mc-capitalize"></dd></div></dl><div class="mc-mkt-card__tags"><span>'
    + '<span aria-hidden="true"></span></span></div><div class="mc-mkt-card__actions"></div></li>',
  );

  function card(c) {
    const li = CARD.cloneNode(true);
    const titleId = `mc-card-${enc(c.connectorId).replace(/%/g, '_')}`;
    li.setAttribute('aria-labelledby', titleId);
    const head = li.firstChild;
    fillLogo(head.firstChild, c.logo, c.name);
    const title = head.lastChild;
    const h3 = title.firstChild;
    h3.id = titleId;
    const link = h3.firstChild;
    link.href = `${basePath}/marketplace/${enc(c.connectorId)}`;
    link.textContent = c.name;
    title.lastChild.textContent = c.platformType;
    const facts = li.childNodes[1];
    facts.firstChild.lastChild.textContent = c.dataType;
    facts.lastChild.lastChild.textContent = c.dataTypeCategory;
    const tags = li.childNodes[2];
    const role = tags.firstChild;
    const source = c.supportedType === 'Source';
    role.className = source ? 'mc-badge mc-badge--primary' : 'mc-badge mc-badge--info';
    role.firstChild.textContent = `${source ? '\u2197' : c.supportedType === 'Destination' ? '\u2198' : '\u2022'} `;
    role.append(c.supportedType);
    const actions = li.lastChild;
    if (c.integrated) {
      li.classList.add('mc-mkt-card--added');
      const added = el('span', 'mc-badge mc-badge--success');
      const icon = el('span', null, '\u2713 ');
      icon.setAttribute('aria-hidden', 'true');
      added.append(icon, 'Added');
      tags.append(added);
      const setup = el('a', 'mc-button mc-button--secondary mc-button--small', 'Set up');
      setup.href = `${basePath}/connectors/${enc(c.connectorId)}/setup`;
      setup.append(hidden(` ${c.name}`));
      actions.append(setup);
    } else {
      const label = el('label', 'mc-mkt-card__select');
      const box = el('input', 'mc-check');
      box.type = 'checkbox';
      label.append(box, 'Select', hidden(` ${c.name}`));
      const add = el('button', 'mc-button mc-button--primary mc-button--small', 'Add');
      add.type = 'button';
      add.append(hidden(` ${c.name}`));
      actions.append(label, add);
    }
    return li;
  }

  function marketplace() {
    let filters = filtersFromUrl();
    let ix = null;
    let load = { state: 'loading', loaded: 0, total: null, error: '' };
    let generation = 0;
    const cards = new Map(); // connectorId → <li>, reused while it stays on the page

    const root = el('div', 'mc-mkt');
    const header = el('header', 'mc-page-header mc-mkt__header');
    const intro = el('div');
    intro.append(el('h1', 'mc-page-title', 'Marketplace'),
      el('p', 'mc-page-subtitle', 'Choose the platforms this brand works with, then set them up under My connectors.'));
    const searchField = el('div', 'mc-mkt__search mc-field');
    const searchLabel = el('label', 'mc-field__label', 'Search connectors');
    searchLabel.htmlFor = 'mc-mkt-search';
    const search = el('input', 'mc-field__input');
    Object.assign(search, { id: 'mc-mkt-search', type: 'search', placeholder: 'Name, platform or data type', autocomplete: 'off', value: filters.q });
    searchField.append(searchLabel, search);
    header.append(intro, searchField);
    const body = el('div', 'mc-mkt__body');
    const aside = el('aside', 'mc-mkt__filters');
    aside.id = 'mc-mkt-filters';
    aside.setAttribute('aria-label', 'Filters');
    const results = el('section', 'mc-mkt__results');
    results.setAttribute('aria-labelledby', 'mc-mkt-results-title');
    const resultsTitle = el('h2', 'mc-visually-hidden', 'Connectors');
    resultsTitle.id = 'mc-mkt-results-title';
    const bar = el('div', 'mc-mkt__bar');
    const count = el('p', 'mc-mkt__count');
    count.setAttribute('role', 'status');
    count.setAttribute('aria-live', 'polite');
    const countText = document.createTextNode('0 connectors');
    const loadingNote = el('span', 'mc-mkt__loading');
    count.append(countText);
    const chips = el('ul', 'mc-mkt__chips');
    chips.setAttribute('aria-label', 'Active filters');
    const clear = el('button', 'mc-button mc-button--link', 'Clear filters');
    clear.type = 'button';
    bar.append(count);
    results.append(resultsTitle, bar);
    // What follows the bar: the grid and pager, the empty state, the loading state or the error.
    let contentNodes = [];
    const setContent = (...nodes) => {
      for (const n of contentNodes) n.remove();
      contentNodes = nodes;
      results.append(...nodes);
    };
    body.append(aside, results);
    root.append(header, body);
    main.replaceChildren(root);

    const go = (next) => {
      filters = next;
      update();
      setTimeout(() => history.pushState(null, '', `?${filtersToQuery(filters)}`), 0);
    };
    clear.addEventListener('click', () => go({ categories: [], platforms: [], role: null, q: '', page: 1 }));
    let searchTimer = 0;
    search.addEventListener('input', () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => {
        if (search.value.trim() !== filters.q) go({ ...filters, q: search.value.trim(), page: 1 });
      }, 250);
    });
    window.addEventListener('popstate', () => {
      filters = filtersFromUrl();
      search.value = filters.q;
      update();
    });

    // Facets: one <fieldset class="mc-facet"> each; options are kept by value and patched.
    function roleFacet() {
      const fs = el('fieldset', 'mc-facet');
      fs.append(el('legend', 'mc-facet__legend', 'Role'));
      const options = [[null, 'Sources and destinations', 'mc-role-all'], ['Source', 'Source', 'mc-role-source'],
        ['Destination', 'Destination', 'mc-role-destination']].map(([role, text, id]) => {
        const div = el('div', 'mc-facet__option');
        const input = el('input', 'mc-check');
        Object.assign(input, { type: 'radio', name: 'mc-role', id });
        input.addEventListener('change', () => go({ ...filters, role, page: 1 }));
        const label = el('label', 'mc-facet__label');
        label.htmlFor = id;
        const n = el('span', 'mc-facet__count');
        const num = document.createTextNode('0');
        n.append(num, hidden(' connectors'));
        label.append(el('span', null, text), n);
        div.append(input, label);
        fs.append(div);
        return { role, input, num };
      });
      aside.append(fs);
      return (v) => {
        for (const o of options) {
          const c = o.role === null ? v.sources + v.destinations : o.role === 'Source' ? v.sources : v.destinations;
          if (o.num.data !== String(c)) o.num.data = String(c);
          o.input.checked = filters.role === o.role;
        }
      };
    }
    function facet(legend, prefix, capitalize, pick, onToggle) {
      const fs = el('fieldset', 'mc-facet');
      const list = el('div', capitalize ? 'mc-facet__list mc-facet__list--capitalize' : 'mc-facet__list');
      fs.append(el('legend', 'mc-facet__legend', legend), list);
      aside.append(fs);
      const rows = new Map(); // value → {div, input, num}
      return (v) => {
        const values = pick(v);
        const wanted = [];
        for (const fc of values) {
          let r = rows.get(fc.value);
          if (!r) {
            const id = `${prefix}-${enc(fc.value).replace(/%/g, '_')}`;
            const div = el('div', 'mc-facet__option');
            const input = el('input', 'mc-check');
            Object.assign(input, { type: 'checkbox', id });
            const value = fc.value;
            input.addEventListener('change', () => onToggle(value));
            const label = el('label', 'mc-facet__label');
            label.htmlFor = id;
            const n = el('span', 'mc-facet__count');
            const num = document.createTextNode('');
            n.append(num, hidden(' connectors'));
            label.append(el('span', null, value), n);
            div.append(input, label);
            r = { div, input, num };
            rows.set(value, r);
          }
          if (r.num.data !== String(fc.count)) r.num.data = String(fc.count);
          r.input.checked = fc.active;
          r.div.classList.toggle('mc-facet__option--active', fc.active);
          wanted.push(r.div);
        }
        for (const [value, r] of rows) if (!values.some((fc) => fc.value === value)) rows.delete(value);
        const current = list.children;
        if (current.length !== wanted.length || wanted.some((d, i) => current[i] !== d)) list.replaceChildren(...wanted);
      };
    }
    const updateRole = roleFacet();
    const updateCategories = facet('Data type category', 'mc-facet-cat', true, (v) => v.categories,
      (value) => go({ ...filters, categories: toggle(filters.categories, value), page: 1 }));
    const updatePlatforms = facet('Platform type', 'mc-facet-plat', false, (v) => v.platforms,
      (value) => go({ ...filters, platforms: toggle(filters.platforms, value), page: 1 }));

    function updateBar(v) {
      const total = v.matches.length;
      let s = `${total} ${total === 1 ? 'connector' : 'connectors'}`;
      if (filters.q.trim()) s += ` matching \u201c${filters.q.trim()}\u201d`;
      if (countText.data !== s) countText.data = s;
      if (load.state === 'partial') {
        loadingNote.textContent = load.total !== null
          ? ` \u2014 loading all ${load.total} connectors (${load.loaded} so far)\u2026`
          : ' \u2014 loading the rest of the catalog\u2026';
        if (!loadingNote.parentNode) count.append(loadingNote);
      } else if (loadingNote.parentNode) loadingNote.remove();
      if (isFiltered(filters)) {
        const items = [];
        const chip = (text, next) => {
          const li = el('li');
          const b = el('button', 'mc-chip');
          b.type = 'button';
          const x = el('span', 'mc-chip__x', '\u00d7');
          x.setAttribute('aria-hidden', 'true');
          b.append(el('span', null, text), x, hidden(' (remove filter)'));
          b.addEventListener('click', () => go(next));
          li.append(b);
          items.push(li);
        };
        for (const c of filters.categories) chip(c, { ...filters, categories: toggle(filters.categories, c), page: 1 });
        for (const p of filters.platforms) chip(p, { ...filters, platforms: toggle(filters.platforms, p), page: 1 });
        if (filters.role) chip(filters.role, { ...filters, role: null, page: 1 });
        if (filters.q.trim()) chip(`\u201c${filters.q.trim()}\u201d`, { ...filters, q: '', page: 1 });
        chips.replaceChildren(...items);
        if (!chips.parentNode) bar.append(chips, clear);
      } else if (chips.parentNode) {
        chips.remove();
        clear.remove();
      }
    }

    let grid = null;
    let pager = null;
    function updateGrid(v) {
      const total = v.matches.length;
      if (total === 0) {
        cards.clear();
        grid = null;
        pager = null;
        const empty = el('section', 'mc-empty');
        const icon = el('span', 'mc-empty__icon', '\u25cb');
        icon.setAttribute('aria-hidden', 'true');
        if (isFiltered(filters)) {
          const action = el('div', 'mc-empty__action');
          const b = el('button', 'mc-button mc-button--primary', 'Clear filters');
          b.type = 'button';
          b.addEventListener('click', () => go({ categories: [], platforms: [], role: null, q: '', page: 1 }));
          action.append(b);
          empty.append(icon, el('h2', 'mc-empty__title', 'No connectors match'),
            el('p', 'mc-empty__text', 'Nothing in the catalog fits these filters and search. Remove a filter or clear them all.'), action);
        } else {
          empty.append(icon, el('h2', 'mc-empty__title', 'The catalog is empty'),
            el('p', 'mc-empty__text', 'This API server lists no connectors yet.'));
        }
        setContent(empty);
        return;
      }
      const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      const page = Math.min(Math.max(filters.page, 1), pages);
      if (!grid) {
        grid = el('ul', 'mc-mkt__grid');
        grid.setAttribute('aria-label', 'Connectors');
        setContent(grid);
      }
      const slice = v.matches.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
      const seen = new Set();
      const nodes = slice.map((pos) => {
        const c = ix.items[pos];
        seen.add(c.connectorId);
        let li = cards.get(c.connectorId);
        if (!li) {
          li = card(c);
          cards.set(c.connectorId, li);
        }
        return li;
      });
      for (const id of cards.keys()) if (!seen.has(id)) cards.delete(id);
      const current = grid.children;
      if (current.length !== nodes.length || nodes.some((n, i) => current[i] !== n)) grid.replaceChildren(...nodes);
      if (pages > 1) {
        if (!pager) {
          pager = el('nav', 'mc-mkt__pager');
          pager.setAttribute('aria-label', 'Pages');
          const prev = el('button', 'mc-button mc-button--secondary');
          prev.type = 'button';
          const larr = el('span', null, '\u2190 ');
          larr.setAttribute('aria-hidden', 'true');
          prev.append(larr, 'Previous');
          const label = el('span', 'mc-mkt__page');
          const next = el('button', 'mc-button mc-button--secondary', 'Next');
          next.type = 'button';
          const rarr = el('span', null, ' \u2192');
          rarr.setAttribute('aria-hidden', 'true');
          next.append(rarr);
          prev.addEventListener('click', () => go({ ...filters, page: pager.page - 1 }));
          next.addEventListener('click', () => go({ ...filters, page: pager.page + 1 }));
          pager.append(prev, label, next);
          Object.assign(pager, { prev, label, next });
          contentNodes.push(pager);
          results.append(pager);
        }
        pager.page = page;
        pager.prev.disabled = page <= 1;
        pager.next.disabled = page >= pages;
        pager.label.textContent = `Page ${page} of ${pages}`;
      } else if (pager) {
        pager.remove();
        pager = null;
      }
    }

    function update() {
      if (!ix) {
        if (load.state === 'failed') {
          const alert = el('div', 'mc-alert mc-alert--error');
          alert.setAttribute('role', 'alert');
          const p = el('p');
          p.append(el('strong', null, 'The catalog could not be loaded. '), load.error);
          const retry = el('button', 'mc-button mc-button--secondary', 'Try again');
          retry.type = 'button';
          retry.addEventListener('click', start);
          alert.append(p, retry);
          setContent(alert);
        } else {
          const loading = el('div', 'mc-loading');
          loading.setAttribute('role', 'status');
          loading.setAttribute('aria-live', 'polite');
          const spin = el('span', 'mc-spinner__circle');
          spin.setAttribute('aria-hidden', 'true');
          loading.append(spin, el('span', 'mc-loading__label', 'Loading the catalog\u2026'));
          setContent(loading);
        }
        return;
      }
      const v = query(ix, filters);
      updateRole(v);
      updateCategories(v);
      updatePlatforms(v);
      updateBar(v);
      updateGrid(v);
    }

    const page = (offset) => api('/es/v2/connectors/all', [['accountId', accountId], ['size', BATCH], ['offset', offset]]);
    // The first page at once (cards show as soon as it arrives), then every other page in
    // parallel once the first reveals the total; without a total, page after page until a short one.
    async function start() {
      const mine = ++generation;
      ix = null;
      cards.clear();
      grid = null;
      pager = null;
      load = { state: 'loading', loaded: 0, total: null, error: '' };
      update();
      try {
        const first = await page(0);
        if (mine !== generation) return;
        const items = first.response || [];
        const total = typeof first.total === 'number' ? first.total : null;
        ix = buildIndex(items);
        load = { state: 'partial', loaded: items.length, total, error: '' };
        update();
        if (total !== null) {
          const rest = [];
          for (let offset = BATCH; offset < total; offset += BATCH) rest.push(page(offset));
          for (const env of await Promise.all(rest)) items.push(...(env.response || []));
        } else {
          let last = items.length;
          while (last === BATCH) {
            const env = await page(items.length);
            last = (env.response || []).length;
            items.push(...(env.response || []));
          }
        }
        if (mine !== generation) return;
        ix = buildIndex(items); // cards stay keyed by connector id, as the console's <For> keeps them
        load = { state: 'done', loaded: items.length, total, error: '' };
        update();
      } catch (e) {
        if (mine !== generation) return;
        load = { ...load, state: 'failed', error: e.message };
        if (ix) {
          update();
          const warn = el('p', 'mc-alert mc-alert--warning', `Only part of the catalog could be loaded, so some connectors may be missing: ${e.message}`);
          warn.setAttribute('role', 'alert');
          bar.after(warn);
        } else update();
      }
    }
    onAccountChange = start;
    start();
  }

  // --- connection list -------------------------------------------------------------------------

  function compactVolume(n) {
    for (const [size, suffix] of [[1e9, 'B'], [1e6, 'M'], [1e3, 'K']]) {
      if (n >= size) {
        const tenths = Math.floor((n * 10 + size / 2) / size);
        const whole = Math.floor(tenths / 10);
        const frac = tenths % 10;
        return whole >= 100 || frac === 0 ? `${whole}${suffix}` : `${whole}.${frac}${suffix}`;
      }
    }
    return String(n);
  }
  const grouped = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const usagePercent = (used, monthly) => (monthly === 0 ? null : Math.min(100, Math.floor((used * 100 + monthly / 2) / monthly)));
  function usageText(used, monthly) {
    if (monthly === 0) return `${grouped(used)} used, no monthly volume`;
    return `${grouped(used)} used, ${Math.floor((used * 100 + monthly / 2) / monthly)}% of the monthly ${grouped(monthly)}`;
  }
  const pad = (n) => String(n).padStart(2, '0');
  const utc = (secs) => new Date(secs * 1000);
  const absoluteDate = (secs) => {
    const d = utc(secs);
    return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  };
  const absoluteTime = (secs) => {
    const d = utc(secs);
    return `${absoluteDate(secs)}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  };
  const isoTime = (secs) => utc(secs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  function relativeTime(secs, now) {
    const ago = now - secs;
    const plural = (n, unit) => (n === 1 ? `1 ${unit} ago` : `${n} ${unit}s ago`);
    if (ago < 60) return 'just now';
    if (ago < 3600) return plural(Math.floor(ago / 60), 'minute');
    if (ago < 86400) return plural(Math.floor(ago / 3600), 'hour');
    if (ago < 172800) return 'yesterday';
    if (ago < 2592000) return plural(Math.floor(ago / 86400), 'day');
    return absoluteDate(secs);
  }
  function restoreText(deletedTime, now) {
    const left = deletedTime + RESTORE_WINDOW_SECS - now;
    if (left <= 0) return 'Can no longer be restored';
    const days = Math.floor((left + 86399) / 86400);
    return days === 1 ? '1 day left to restore' : `${days} days left to restore`;
  }
  const ACTIONS = {
    'In-progress': [['Activate', 'mc-button mc-button--primary mc-button--small']],
    active: [['Disable', 'mc-button mc-button--secondary mc-button--small']],
    broken: [['Disable', 'mc-button mc-button--secondary mc-button--small']],
    offline: [['Disable', 'mc-button mc-button--secondary mc-button--small']],
    disabled: [['Enable', 'mc-button mc-button--primary mc-button--small']],
    deleted: [['Restore', 'mc-button mc-button--primary mc-button--small']],
  };

  const ROW = template(
    '<table><tbody><tr class="mc-conn-row"><td class="mc-conn-table__select"><input type="checkbox" class="mc-check">'
    + '<label class="mc-visually-hidden"></label></td><th scope="row" class="mc-conn-table__name"><a class="mc-conn-table__link"></a></th>'
    + '<td><span class="mc-pair mc-pair--compact"><span class="mc-pair__end"><span class="mc-logo mc-logo--sm"></span>'
    + '<span class="mc-pair__name"><span class="mc-visually-hidden">Source: </span></span></span>'
    + '<span class="mc-pair__arrow" aria-hidden="true">\u2192</span><span class="mc-pair__end"><span class="mc-logo mc-logo--sm"></span>'
    + '<span class="mc-pair__name"><span class="mc-visually-hidden">Destination: </span></span></span></span></td>'
    + '<td class="mc-conn-table__status"><span class="mc-badge"><span class="mc-badge__icon" aria-hidden="true"></span>'
    + '<span class="mc-badge__label"></span></span></td><td></td><td class="mc-conn-usage"><span class="mc-conn-usage__line">'
    + '<span aria-hidden="true"></span><span class="mc-visually-hidden"></span></span>'
    + '<span class="mc-conn-usage__text" aria-hidden="true"></span><span class="mc-visually-hidden"></span></td>'
    + '<td class="mc-conn-table__times"><time></time><span class="mc-conn-table__created">Created <time></time></span></td>'
    + '<td class="mc-conn-table__actions"><div class="mc-actions mc-actions--compact"></div></td></tr></tbody></table>',
  ).querySelector('tr');

  function row(c, now, deletedView) {
    const tr = ROW.cloneNode(true);
    const [selTd, nameTh, pairTd, statusTd, enabledTd, usageTd, timesTd, actionsTd] = tr.children;
    const status = canon(STATUS_KNOWN, STATUSES, c.status);
    const boxId = `mc-conn-select-${c.id}`;
    selTd.firstChild.id = boxId;
    selTd.lastChild.htmlFor = boxId;
    selTd.lastChild.textContent = `Select ${c.name}`;
    const link = nameTh.firstChild;
    link.href = `${basePath}/connections/${enc(c.id)}`;
    link.textContent = c.name;
    if (c.env) nameTh.append(el('span', 'mc-conn-table__env', c.env));
    const pair = pairTd.firstChild;
    for (const [end, ref] of [[pair.firstChild, c.src], [pair.lastChild, c.dest]]) {
      const name = ref.connectorName || ref.connectorId;
      fillLogo(end.firstChild, ref.connectorLogo, name);
      end.lastChild.append(name);
    }
    const [label, icon, mod] = STATUS_PARTS[status] || [status, '?', 'other'];
    const badge = statusTd.firstChild;
    badge.className = `mc-badge mc-badge--${mod}`;
    badge.firstChild.textContent = icon;
    badge.lastChild.textContent = label;
    const deletedAt = c.deletedTime ?? c.updatedTime ?? 0;
    if (status === 'deleted') statusTd.append(el('span', 'mc-conn-table__restore', restoreText(deletedAt, now)));
    enabledTd.textContent = c.enabled ? 'Yes' : 'No';
    const used = c.usedVolume || 0;
    const monthly = c.monthlyVolume || 0;
    const line = usageTd.firstChild;
    line.firstChild.textContent = `${compactVolume(used)} used`;
    line.lastChild.textContent = `Volume: ${usageText(used, monthly)}`;
    const p = usagePercent(used, monthly);
    if (p !== null) {
      const meter = el('span', 'mc-meter');
      meter.setAttribute('aria-hidden', 'true');
      const fill = el('span', p >= 100 ? 'mc-meter__fill mc-meter__fill--full' : 'mc-meter__fill');
      fill.style.width = `${p}%`; // CSSOM, which the page's CSP allows (a style attribute it does not)
      meter.append(fill);
      line.after(meter);
    }
    usageTd.children[usageTd.children.length - 2].textContent = `${compactVolume(monthly)} monthly \u00b7 ${compactVolume(c.totalVolume || 0)} total`;
    usageTd.lastChild.textContent = `, ${grouped(c.totalVolume || 0)} total`;
    const when = deletedView ? deletedAt : (c.updatedTime ?? 0);
    const t = timesTd.firstChild;
    t.dateTime = isoTime(when);
    t.title = absoluteTime(when);
    t.textContent = relativeTime(when, now);
    const created = timesTd.lastChild.lastChild;
    created.dateTime = isoTime(c.createdTime);
    created.title = absoluteTime(c.createdTime);
    created.textContent = absoluteDate(c.createdTime);
    const actions = actionsTd.firstChild;
    for (const [text, cls] of ACTIONS[status] || []) {
      const b = el('button', cls, text);
      b.type = 'button';
      b.append(hidden(` ${c.name}`));
      actions.append(b);
    }
    if (c.editable && status !== 'deleted') {
      const a = el('a', 'mc-button mc-button--secondary mc-button--small', 'Edit');
      a.href = `${basePath}/connections/${enc(c.id)}/edit`;
      a.append(hidden(` ${c.name}`));
      actions.append(a);
    }
    if (status !== 'deleted') {
      const b = el('button', 'mc-button mc-button--danger-outline mc-button--small', 'Delete');
      b.type = 'button';
      b.append(hidden(` ${c.name}`));
      actions.append(b);
    }
    return tr;
  }

  function connections() {
    const params = new URLSearchParams(location.search);
    const state = {
      q: (params.get('q') || '').trim(),
      status: STATUS_FILTERS.find(([v]) => v && v.toLowerCase() === (params.get('status') || '').trim().toLowerCase())?.[0] || '',
      page: Math.max(1, parseInt(params.get('page'), 10) || 1),
      size: CONN_PAGE_SIZES.includes(Number(params.get('size'))) ? Number(params.get('size')) : 25,
    };
    let generation = 0;
    let table = null; // {wrap, table, caption, tbody}
    let rows = new Map(); // "id|updatedTime|status" → <tr>

    const root = el('div', 'mc-connections');
    const header = el('header', 'mc-page-header');
    const text = el('div', 'mc-page-header__text');
    const h1 = el('h1', 'mc-page-title');
    const subtitle = el('p', 'mc-page-subtitle');
    text.append(h1, subtitle);
    header.append(text);
    const toolbar = el('div', 'mc-conn-toolbar');
    toolbar.setAttribute('role', 'search');
    toolbar.setAttribute('aria-label', 'Filter connections');
    const searchField = el('div', 'mc-field mc-conn-toolbar__search');
    const searchLabel = el('label', 'mc-field__label', 'Search connections');
    searchLabel.htmlFor = 'mc-conn-search';
    const search = el('input', 'mc-field__input');
    Object.assign(search, { id: 'mc-conn-search', type: 'search', autocomplete: 'off', placeholder: 'Name, connector or platform', value: state.q });
    searchField.append(searchLabel, search);
    const statusField = el('div', 'mc-field mc-conn-toolbar__status');
    const statusLabel = el('label', 'mc-field__label', 'Status');
    statusLabel.htmlFor = 'mc-conn-status';
    const select = el('select', 'mc-field__input mc-field__input--select');
    select.id = 'mc-conn-status';
    for (const [value, label] of STATUS_FILTERS) {
      const o = el('option', null, label);
      o.value = value;
      o.selected = value === state.status;
      select.append(o);
    }
    statusField.append(statusLabel, select);
    toolbar.append(searchField, statusField);
    const results = el('div', 'mc-conn-results');
    const skeleton = el('div', 'mc-conn-skeleton');
    skeleton.setAttribute('role', 'status');
    skeleton.append(hidden('Loading connections\u2026'));
    for (let i = 0; i < 5; i++) {
      const r = el('div', 'mc-conn-skeleton__row');
      r.setAttribute('aria-hidden', 'true');
      skeleton.append(r);
    }
    results.append(skeleton);
    const pagination = el('nav', 'mc-pagination');
    pagination.setAttribute('aria-label', 'Pagination');
    const summary = el('p', 'mc-pagination__summary');
    summary.setAttribute('aria-live', 'polite');
    const sizeField = el('div', 'mc-pagination__size mc-field mc-field--inline');
    const sizeLabel = el('label', 'mc-field__label', 'Page size');
    sizeLabel.htmlFor = 'mc-ref-page-size';
    const sizeSelect = el('select', 'mc-field__input mc-field__input--select');
    sizeSelect.id = 'mc-ref-page-size';
    for (const s of CONN_PAGE_SIZES) {
      const o = el('option', null, String(s));
      o.value = String(s);
      o.selected = s === state.size;
      sizeSelect.append(o);
    }
    sizeField.append(sizeLabel, sizeSelect);
    const buttons = el('div', 'mc-pagination__buttons');
    const prev = el('button', 'mc-button mc-button--secondary');
    prev.type = 'button';
    const larr = el('span', null, '\u2190 ');
    larr.setAttribute('aria-hidden', 'true');
    prev.append(larr, 'Previous');
    const next = el('button', 'mc-button mc-button--secondary', 'Next');
    next.type = 'button';
    const rarr = el('span', null, ' \u2192');
    rarr.setAttribute('aria-hidden', 'true');
    next.append(rarr);
    buttons.append(prev, next);
    pagination.append(summary, sizeField, buttons);
    root.append(header, toolbar, results);
    main.replaceChildren(root);

    const deletedView = () => state.status === 'deleted';
    function caption(pending) {
      let s = deletedView() ? 'Recently deleted connections'
        : state.status === '' ? 'Connections'
          : `Connections with status ${STATUS_FILTERS.find(([v]) => v === state.status)[1]}`;
      if (state.q) s += ` matching \u201c${state.q}\u201d`;
      if (pending) s += ' (updating\u2026)';
      return s;
    }
    function headings() {
      h1.textContent = deletedView() ? 'Recently deleted connections' : 'Connections';
      subtitle.textContent = deletedView()
        ? 'Deleted connections can be restored for 30 days. They come back disabled.'
        : 'Pipes from a source to a destination. Switch them on and off, and find the one that broke.';
    }
    function writeUrl() {
      const pairs = [['view', 'connections']];
      if (state.q) pairs.push(['q', state.q]);
      if (state.status) pairs.push(['status', state.status]);
      if (state.page > 1) pairs.push(['page', String(state.page)]);
      if (state.size !== 25) pairs.push(['size', String(state.size)]);
      history.pushState(null, '', `?${pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')}`);
    }
    function newTable() {
      const wrap = el('div', 'mc-table-wrap');
      wrap.setAttribute('role', 'region');
      wrap.setAttribute('aria-labelledby', 'mc-conn-caption');
      wrap.tabIndex = 0;
      const t = el('table', 'mc-table mc-conn-table');
      const cap = el('caption', 'mc-table__caption');
      cap.id = 'mc-conn-caption';
      const thead = el('thead');
      const hr = el('tr');
      const selectAll = el('th', 'mc-conn-table__select');
      selectAll.scope = 'col';
      const all = el('input', 'mc-check');
      Object.assign(all, { type: 'checkbox', id: 'mc-conn-select-all' });
      const allLabel = el('label', 'mc-visually-hidden', 'Select all connections on this page');
      allLabel.htmlFor = 'mc-conn-select-all';
      selectAll.append(all, allLabel);
      hr.append(selectAll);
      const times = el('th');
      for (const h of ['Name', 'Source \u2192 destination', 'Status', 'Enabled', 'Volume', times, 'Actions']) {
        const th = typeof h === 'string' ? el('th', null, h) : h;
        th.scope = 'col';
        if (h === 'Volume') th.append(hidden(': used, monthly, total'));
        hr.append(th);
      }
      thead.append(hr);
      const tbody = el('tbody');
      t.append(cap, thead, tbody);
      wrap.append(t);
      return { wrap, table: t, caption: cap, times, tbody };
    }
    function empty() {
      const filtered = state.q !== '' || !['', 'deleted'].includes(state.status);
      const section = el('section', 'mc-empty');
      const icon = el('span', 'mc-empty__icon', '\u25cb');
      icon.setAttribute('aria-hidden', 'true');
      let title;
      let body;
      if (deletedView() && !state.q) {
        title = 'Nothing deleted in the last 30 days';
        body = 'Deleted connections appear here and can be restored for 30 days.';
      } else if (filtered || deletedView()) {
        title = 'No connections match';
        body = 'Try another search or status, or clear the filters.';
      } else if (state.page > 1) {
        title = 'This page is empty';
        body = 'There are fewer connections than this page needs.';
      } else {
        title = 'No connections yet';
        body = 'A connection moves data from a source to a destination. Create the first one in a few steps.';
      }
      section.append(icon, el('h2', 'mc-empty__title', title), el('p', 'mc-empty__text', body));
      return section;
    }

    async function load() {
      const mine = ++generation;
      headings();
      if (table) {
        results.setAttribute('aria-busy', 'true');
        table.caption.textContent = caption(true);
      }
      let env;
      try {
        env = await api('/es/v2/connections', [['accountId', accountId], ['q', state.q], ['size', state.size],
          ['offset', (state.page - 1) * state.size], ['status', state.status]]);
      } catch (e) {
        if (mine !== generation) return;
        table = null;
        rows = new Map();
        const alert = el('div', 'mc-alert mc-alert--error');
        alert.setAttribute('role', 'alert');
        const p = el('p');
        p.append(el('strong', null, 'Could not load connections. '), e.message);
        const retry = el('button', 'mc-button mc-button--secondary', 'Try again');
        retry.type = 'button';
        retry.addEventListener('click', load);
        alert.append(p, retry);
        results.replaceChildren(alert);
        results.removeAttribute('aria-busy');
        return;
      }
      if (mine !== generation) return;
      const items = (env.response || []).filter((c) => (deletedView()
        ? canon(STATUS_KNOWN, STATUSES, c.status) === 'deleted'
        : canon(STATUS_KNOWN, STATUSES, c.status) !== 'deleted'));
      if (!(env.response || []).length) {
        table = null;
        rows = new Map();
        results.replaceChildren(empty());
      } else {
        if (!table) {
          table = newTable();
          results.replaceChildren(table.wrap);
        }
        const now = Math.floor(Date.now() / 1000);
        const kept = new Map();
        const nodes = items.map((c) => {
          const key = `${c.id}|${c.updatedTime}|${c.status}`;
          const tr = rows.get(key) || row(c, now, deletedView());
          kept.set(key, tr);
          return tr;
        });
        rows = kept;
        table.tbody.replaceChildren(...nodes);
        table.table.dataset.statusFilter = state.status;
        table.caption.textContent = caption(false);
        table.times.textContent = deletedView() ? 'Deleted / created' : 'Updated / created';
      }
      results.removeAttribute('aria-busy');
      const count = (env.response || []).length;
      const total = typeof env.total === 'number' ? env.total : null;
      const offset = (state.page - 1) * state.size;
      if (count > 0 || state.page > 1) {
        if (count === 0) summary.textContent = total ? `No results on this page (of ${total})` : 'No results';
        else summary.textContent = `Showing ${offset + 1}\u2013${offset + count}${total !== null ? ` of ${total}` : ''}`;
        prev.disabled = offset === 0;
        next.disabled = total !== null ? offset + count >= total : count < state.size;
        if (!pagination.parentNode) root.append(pagination);
      } else if (pagination.parentNode) pagination.remove();
    }

    const change = (patch) => {
      Object.assign(state, patch);
      setTimeout(writeUrl, 0);
      load();
    };
    select.addEventListener('change', () => change({ status: select.value, page: 1 }));
    sizeSelect.addEventListener('change', () => change({ size: Number(sizeSelect.value), page: 1 }));
    prev.addEventListener('click', () => change({ page: Math.max(1, state.page - 1) }));
    next.addEventListener('click', () => change({ page: state.page + 1 }));
    let searchTimer = 0;
    const flush = () => {
      clearTimeout(searchTimer);
      if (search.value.trim() !== state.q) change({ q: search.value.trim(), page: 1 });
    };
    search.addEventListener('input', () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(flush, 250);
    });
    search.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') flush();
    });
    onAccountChange = () => {
      rows = new Map();
      load();
    };
    load();
  }

  // --- start -------------------------------------------------------------------------------------

  if (!session) {
    const section = el('section', 'mc-empty mc-empty--page');
    const link = el('a', 'mc-button mc-button--primary', 'Sign in');
    link.href = `${basePath}/`;
    section.append(el('h1', 'mc-empty__title', 'Not signed in'),
      el('p', 'mc-empty__text', 'This reference page uses the console\u2019s session: sign in there first, in this tab.'), link);
    main.replaceChildren(section);
    return;
  }
  const view = new URLSearchParams(location.search).get('view') === 'connections' ? connections : marketplace;
  // Like the console, a page needs a sub-account: the stored one at once, else the first listed.
  if (accountId) view();
  else {
    accountsLoaded.then(() => {
      if (accountId) view();
      else main.replaceChildren(el('p', 'mc-alert mc-alert--warning', 'No sub-account is listed for this organization.'));
    });
  }
})();
