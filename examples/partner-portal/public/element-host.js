// With the custom element, the portal only provides tokens and listens to DOM events.
(() => {
  const el = document.getElementById('mc-element');
  el.token = async () => {
    const r = await fetch('/api/madconnect-token', { method: 'POST', headers: { 'x-csrf-token': el.dataset.csrf } });
    const body = await r.json();
    if (!r.ok) throw new Error(body.error || `token request failed (${r.status})`);
    return body; // { accessToken, expiresIn }: the sub-account is the tag's account attribute

  };
  const names = [
    'ready', 'connector.added', 'connector.configured', 'connector.authorized', 'connector.disconnected', 'connection.created', 'connection.status_changed',
    'connection.deleted', 'connection.restored', 'error', 'theme.rejected', 'token.expiring', 'token.expired',
    'resize', 'navigated',
  ];
  for (const n of names) el.addEventListener(`madconnect:${n}`, (e) => window.portalLog(n, e.detail));
})();
