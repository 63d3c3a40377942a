// The portal's event list: shows every message the embedded console sent, newest first.
// Text only (textContent): data from another origin never becomes HTML.
window.portalLog = (name, detail) => {
  const list = document.getElementById('event-log');
  if (!list) return;
  const item = document.createElement('li');
  item.className = 'portal-event';
  item.dataset.event = name;
  const time = document.createElement('time');
  time.textContent = new Date().toLocaleTimeString();
  const title = document.createElement('strong');
  title.textContent = name;
  const body = document.createElement('code');
  body.textContent = JSON.stringify(detail ?? {});
  item.append(time, ' ', title, ' ', body);
  list.prepend(item);
  // Resize events arrive often; keep the list readable.
  while (list.children.length > 50) list.lastElementChild.remove();
};
