// The postMessage protocol spoken by hand (what <madconnect-console> does for you).
// 1. The console posts {type:"madconnect:ready"} when loaded.
// 2. This page answers {type:"madconnect:init", accessToken, expiresIn, accountId, sections, ...}.
// 3. On token.expiring / token.expired it sends {type:"madconnect:token", accessToken, expiresIn}.
// 4. On resize it sizes the iframe to the content height.
(() => {
  const frame = document.getElementById('mc-console');
  const cfg = frame.dataset;
  const consoleOrigin = new URL(cfg.consoleUrl).origin;

  // Minted by the portal's server from its client credentials; the secret never comes here.
  async function freshToken() {
    const r = await fetch('/api/madconnect-token', { method: 'POST', headers: { 'x-csrf-token': cfg.csrf } });
    const body = await r.json();
    if (!r.ok) throw new Error(body.error || `token request failed (${r.status})`);
    return body; // { accessToken, expiresIn, accountId }
  }

  // Always the console's exact origin, never '*'.
  const post = (message) => frame.contentWindow.postMessage({ version: 1, ...message }, consoleOrigin);

  // Optional: tell the console which band of the (content-tall) frame is on screen, so its
  // dialogs and notices open where the person is looking.
  let initialised = false;
  let frameRequested = 0;
  const sendViewport = () => {
    frameRequested = 0;
    if (!initialised) return;
    const r = frame.getBoundingClientRect();
    const top = Math.max(0, -r.top);
    const bottom = Math.min(r.height, innerHeight - r.top);
    if (bottom > top) post({ type: 'madconnect:viewport', top: Math.round(top), height: Math.round(bottom - top) });
  };
  const onViewport = () => { frameRequested ||= requestAnimationFrame(sendViewport); };
  addEventListener('scroll', onViewport, { passive: true });
  addEventListener('resize', onViewport);

  window.addEventListener('message', async (event) => {
    // Only our console frame, from the console's origin.
    if (event.source !== frame.contentWindow || event.origin !== consoleOrigin) return;
    const msg = event.data;
    if (!msg || typeof msg.type !== 'string' || !msg.type.startsWith('madconnect:')) return;
    const name = msg.type.slice('madconnect:'.length);
    window.portalLog(name, msg.detail);
    try {
      if (name === 'ready') {
        const { accessToken, expiresIn, accountId } = await freshToken();
        const theme = { mode: cfg.mode };
        if (cfg.primary) theme.primary = cfg.primary;
        const init = {
          type: 'madconnect:init', accessToken, expiresIn, accountId, theme,
          sections: cfg.sections.split(','), allowDestructive: cfg.allowDestructive === 'true',
        };
        if (cfg.screen) init.screen = cfg.screen;
        post(init);
        initialised = true;
        onViewport();
      } else if (name === 'token.expiring' || name === 'token.expired') {
        const { accessToken, expiresIn } = await freshToken();
        post({ type: 'madconnect:token', accessToken, expiresIn });
      } else if (name === 'resize') {
        frame.style.height = `${Math.ceil(msg.detail.height)}px`;
        onViewport();
      }
    } catch (e) {
      window.portalLog('portal.error', { message: e.message });
    }
  });
})();
