/*
 * <madconnect-console>: embeds the MadConnect console in a partner page with one tag.
 *
 *   <script src="https://console.example/embed/madconnect-console.js" defer></script>
 *   <madconnect-console src="https://console.example/" account="SUB_ACCOUNT_ID"
 *       sections="connections" theme-primary="#0a7d5a" allow-destructive="false"></madconnect-console>
 *   <script>
 *     document.querySelector('madconnect-console').token = async () => {
 *       const r = await fetch('/my-server/madconnect-token', { method: 'POST' });   // your server mints it
 *       return r.json();   // { accessToken, expiresIn } or just the token string
 *     };
 *   </script>
 *
 * The element creates a sandboxed iframe, runs the handshake (it hears only the console's own
 * origin and its own iframe), sizes the iframe to the content height, answers token requests
 * through `token`, and re-dispatches every console event as a DOM CustomEvent named
 * `madconnect:<event>` (bubbling, composed) with the event's detail. A `token` set on the tag
 * before this script ran is picked up; a handshake that does not complete within
 * `handshake-timeout` ms (default 20000) ends in a `madconnect:error` event (code
 * `handshake_timeout`) and a message in place of the console. `el.ready` is true once the
 * console has its token. The protocol is documented in docs/embedding.md. No dependencies, no
 * inline styles (CSP-friendly: CSSOM only).
 */
(() => {
  'use strict';
  if (typeof window === 'undefined' || !window.customElements || customElements.get('madconnect-console')) return;

  const PREFIX = 'madconnect:';
  const VERSION = 1;
  /** Attributes whose change needs a fresh console session (the sub-account is locked per session). */
  const SESSION_ATTRS = ['src', 'account', 'sections', 'allow-destructive', 'locale'];
  const THEME_ATTRS = [
    'theme', 'theme-mode', 'theme-primary', 'theme-primary-hover', 'theme-primary-soft', 'theme-on-primary',
    'theme-background', 'theme-surface', 'theme-surface-alt', 'theme-text', 'theme-text-muted', 'theme-border',
    'theme-danger', 'theme-success', 'theme-warning', 'theme-info', 'theme-focus', 'theme-radius',
    'theme-radius-small', 'theme-font-family',
  ];

  const camel = (s) => s.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

  class MadConnectConsole extends HTMLElement {
    static get observedAttributes() {
      return [...SESSION_ATTRS, 'screen', ...THEME_ATTRS];
    }

    constructor() {
      super();
      this._iframe = null;
      this._origin = null;
      this._ready = false;
      this._pendingReady = false;
      this._provider = null;
      this._handshakeTimer = 0;
      this._onMessage = (ev) => this._handle(ev);
      this._band = '';
      this._raf = 0;
      // Any scroll (the page or a scrolling container) or resize moves the visible band.
      this._onViewport = () => {
        if (!this._raf) this._raf = requestAnimationFrame(() => { this._raf = 0; this._sendViewport(); });
      };
      this._root = this.attachShadow({ mode: 'open' });
    }

    /** True once the console has been given its token (the handshake is complete). */
    get ready() {
      return this._ready;
    }

    /** An async function returning `{accessToken, expiresIn}` or a token string, minted by your server. */
    get token() {
      return this._provider;
    }

    set token(provider) {
      this._provider = typeof provider === 'function' ? provider : null;
      if (this._pendingReady && this._provider) this._sendInit();
    }

    /** Opens a console screen, e.g. `el.navigate('/connections/new')`. */
    navigate(screen) {
      this._post({ type: PREFIX + 'navigate', version: VERSION, screen: String(screen) });
    }

    /** Starts a fresh console session (a new handshake). */
    reload() {
      this._build();
    }

    /** A property the host set before this element was defined is an own property that hides
     * the setter: take its value and set it again through the setter. */
    _upgradeProperty(prop) {
      if (Object.prototype.hasOwnProperty.call(this, prop)) {
        const value = this[prop];
        delete this[prop];
        this[prop] = value;
      }
    }

    connectedCallback() {
      this._upgradeProperty('token');
      this.style.display = 'block';
      window.addEventListener('message', this._onMessage);
      document.addEventListener('scroll', this._onViewport, { capture: true, passive: true });
      window.addEventListener('resize', this._onViewport);
      if (!this._iframe) this._build();
    }

    disconnectedCallback() {
      window.removeEventListener('message', this._onMessage);
      document.removeEventListener('scroll', this._onViewport, { capture: true });
      window.removeEventListener('resize', this._onViewport);
      clearTimeout(this._handshakeTimer);
    }

    attributeChangedCallback(name, oldValue, newValue) {
      if (oldValue === newValue || !this._iframe) return;
      if (SESSION_ATTRS.includes(name)) this._build();
      else if (name === 'screen' && this._ready && newValue) this.navigate(newValue);
      else if (name.startsWith('theme') && this._ready) {
        this._post({ type: PREFIX + 'theme', version: VERSION, theme: this._theme() });
      }
    }

    _build() {
      const src = this.getAttribute('src');
      let url;
      try {
        url = new URL(src, document.baseURI);
        if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
      } catch {
        this._fail('invalid_src', `the src attribute must be the console's http(s) URL (got ${JSON.stringify(src)})`);
        return;
      }
      this._origin = url.origin;
      // The console starts fetching this language's messages before the handshake.
      const locale = this.getAttribute('locale');
      if (locale) url.searchParams.set('lang', locale);
      this._ready = false;
      this._pendingReady = false;
      const frame = document.createElement('iframe');
      frame.title = this.getAttribute('frame-title') || 'MadConnect console';
      // Scripts and same-origin for the console's own storage and API calls; forms for its
      // forms; popups (escaping the sandbox) so documentation links open normally.
      frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox');
      frame.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
      frame.style.display = 'block';
      frame.style.width = '100%';
      frame.style.border = '0';
      frame.style.height = (this.getAttribute('initial-height') || '480').replace(/[^0-9]/g, '') + 'px';
      frame.src = url.href;
      this._root.replaceChildren(frame);
      this._iframe = frame;
      this._startHandshakeTimer();
    }

    /** A handshake that never completes (the console never loads, or no token provider is set)
     * ends in an error event and a visible message, not a console waiting forever. */
    _startHandshakeTimer() {
      clearTimeout(this._handshakeTimer);
      const raw = Number.parseInt(this.getAttribute('handshake-timeout') || '', 10);
      const ms = Number.isFinite(raw) && raw > 0 ? raw : 20000;
      this._handshakeTimer = setTimeout(() => {
        if (this._ready) return;
        const why = this._pendingReady && !this._provider
          ? 'no token provider was set on the element (set el.token to a function)'
          : 'the console did not answer (check the src attribute and that this origin is allowed to embed it)';
        this._fail('handshake_timeout', `the console could not connect: ${why}`);
        this._showMessage(`The MadConnect console could not connect: ${why}.`);
      }, ms);
    }

    /** A message in place of the console, for the person looking at the host page. */
    _showMessage(text) {
      let note = this._root.querySelector('p[role="alert"]');
      if (!note) {
        note = document.createElement('p');
        note.setAttribute('role', 'alert');
        note.style.margin = '0';
        note.style.padding = '1rem';
        note.style.border = '1px solid currentColor';
        note.style.borderRadius = '6px';
        this._root.prepend(note);
      }
      note.textContent = text;
      if (this._iframe) this._iframe.style.display = 'none';
    }

    _handle(ev) {
      // Only the console we created, from its own origin: other frames and windows are ignored.
      if (!this._iframe || ev.source !== this._iframe.contentWindow || ev.origin !== this._origin) return;
      const msg = ev.data;
      if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string' || !msg.type.startsWith(PREFIX)) return;
      const name = msg.type.slice(PREFIX.length);
      const detail = msg.detail && typeof msg.detail === 'object' ? msg.detail : {};
      switch (name) {
        case 'ready':
          this._pendingReady = true;
          if (this._provider) this._sendInit();
          break;
        case 'resize':
          if (Number.isFinite(detail.height) && detail.height > 0) {
            this._iframe.style.height = Math.ceil(detail.height) + 'px';
            this._onViewport();
          }
          break;
        case 'token.expiring':
        case 'token.expired':
          this._refreshToken();
          break;
        default:
          break;
      }
      this.dispatchEvent(new CustomEvent(msg.type, { detail, bubbles: true, composed: true }));
    }

    async _fetchToken() {
      const value = await this._provider();
      const token = typeof value === 'string' ? { accessToken: value } : value || {};
      if (typeof token.accessToken !== 'string' || !token.accessToken) {
        throw new Error('the token provider must return a token string or {accessToken, expiresIn}');
      }
      const out = { accessToken: token.accessToken };
      const expiresIn = token.expiresIn ?? token.expiry;
      if (Number.isInteger(expiresIn) && expiresIn > 0) out.expiresIn = expiresIn;
      return out;
    }

    async _sendInit() {
      this._pendingReady = false;
      let token;
      try {
        token = await this._fetchToken();
      } catch (e) {
        this._fail('token_provider_failed', `could not get an access token: ${e && e.message ? e.message : e}`);
        return;
      }
      const init = { type: PREFIX + 'init', version: VERSION, ...token, accountId: this.getAttribute('account') || '' };
      const sections = this.getAttribute('sections');
      if (sections) init.sections = sections.split(',').map((s) => s.trim()).filter(Boolean);
      const screen = this.getAttribute('screen');
      if (screen) init.screen = screen;
      const locale = this.getAttribute('locale');
      if (locale) init.locale = locale;
      if (this.hasAttribute('allow-destructive')) init.allowDestructive = this.getAttribute('allow-destructive') !== 'false';
      const theme = this._theme();
      if (Object.keys(theme).length) init.theme = theme;
      this._post(init);
      this._ready = true;
      clearTimeout(this._handshakeTimer);
      // A late handshake still wins over the timeout's message.
      this._root.querySelector('p[role="alert"]')?.remove();
      this._iframe.style.display = 'block';
      this._band = '';
      this._sendViewport();
    }

    async _refreshToken() {
      if (!this._provider) return;
      try {
        this._post({ type: PREFIX + 'token', version: VERSION, ...(await this._fetchToken()) });
      } catch (e) {
        this._fail('token_provider_failed', `could not renew the access token: ${e && e.message ? e.message : e}`);
      }
    }

    /** Tells the console which band of the (content-sized) frame is on screen, so its dialogs
     * and notices open where the person is looking. */
    _sendViewport() {
      if (!this._ready || !this._iframe) return;
      const r = this._iframe.getBoundingClientRect();
      const top = Math.max(0, -r.top);
      const bottom = Math.min(r.height, window.innerHeight - r.top);
      if (bottom <= top) return;
      const band = { top: Math.round(top), height: Math.round(bottom - top) };
      const key = `${band.top}:${band.height}`;
      if (key === this._band) return;
      this._band = key;
      this._post({ type: PREFIX + 'viewport', version: VERSION, ...band });
    }

    /** `theme` (a JSON object) merged with `theme-*` attributes; the console validates each token. */
    _theme() {
      let theme = {};
      const json = this.getAttribute('theme');
      if (json) {
        try {
          const parsed = JSON.parse(json);
          if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) theme = parsed;
          else throw new Error('not an object');
        } catch {
          console.warn('<madconnect-console>: the theme attribute must be a JSON object; ignored');
        }
      }
      for (const attr of this.getAttributeNames()) {
        if (attr.startsWith('theme-')) theme[camel(attr.slice(6))] = this.getAttribute(attr);
      }
      return theme;
    }

    _post(message) {
      // Always to the console's exact origin, never '*': a token never goes anywhere else.
      if (this._iframe && this._iframe.contentWindow && this._origin) {
        this._iframe.contentWindow.postMessage(message, this._origin);
      }
    }

    _fail(code, message) {
      console.error(`<madconnect-console>: ${message}`);
      this.dispatchEvent(new CustomEvent(PREFIX + 'error', { detail: { code, message }, bubbles: true, composed: true }));
    }
  }

  customElements.define('madconnect-console', MadConnectConsole);
})();
