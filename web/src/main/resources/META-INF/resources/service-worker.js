// The patient app's service worker: the app installs, its shell (styles, scripts, icons) is kept for
// when the network is gone, and a page asked for while offline says so instead of the browser's
// error. Pages and figures are never kept: they are a patient's data, and come fresh from the server.
const SHELL = 'care-shell-v3';
const SHELL_FILES = ['/static/care.css', '/static/care.js', '/static/charts.js', '/static/app.js', '/static/push.js',
  '/static/live.js', '/static/feed.js', '/static/offline.html', '/static/icons/icon-192.png', '/webjars/htmx.org/2.0.4/dist/htmx.min.js',
  '/webjars/uplot/1.6.30/dist/uPlot.iife.min.js', '/webjars/uplot/1.6.30/dist/uPlot.min.css'];

self.addEventListener('install', event => {
  event.waitUntil(caches.open(SHELL).then(cache => cache.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil(caches.keys()
    .then(names => Promise.all(names.filter(name => name !== SHELL).map(name => caches.delete(name))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', event => {
  const request = event.request;
  if (request.method !== 'GET') {
    return; // a session or an intake goes to the server or fails visibly; its id makes the retry safe
  }
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => caches.match('/static/offline.html')));
    return;
  }
  const url = new URL(request.url);
  if (url.origin === self.location.origin && SHELL_FILES.includes(url.pathname)) {
    // the network first, so a new release is used at once; the kept copy only when offline
    event.respondWith(fetch(request).then(answer => {
      const copy = answer.clone();
      caches.open(SHELL).then(cache => cache.put(request, copy));
      return answer;
    }).catch(() => caches.match(request)));
  }
});

// A push is only a wake-up with the lock-screen text reminder-service chose (never a flag or a
// symptom); the notification opens the reminders, where the app reads what is new.
self.addEventListener('push', event => {
  let notice = null;
  try {
    notice = event.data ? event.data.json() : null;
  } catch (notJson) {
    notice = null;
  }
  if (!notice || typeof notice !== 'object') {
    notice = {}; // still a wake-up: the app shows what is new
  }
  event.waitUntil(self.registration.showNotification(notice.title || 'Thoracic care', {
    tag: notice.tag, icon: '/static/icons/icon-192.png', data: { open: '/app/reminders' }
  }));
});

self.addEventListener('notificationclick', event => {
  event.notification.close();
  const open = (event.notification.data && event.notification.data.open) || '/app';
  event.waitUntil(self.clients.matchAll({ type: 'window' }).then(windows => {
    const shown = windows.find(window => new URL(window.url).pathname.startsWith('/app'));
    if (!shown) {
      return self.clients.openWindow(open);
    }
    // a window this worker does not control cannot be navigated: then a new one opens
    return shown.focus().then(focused => focused.navigate(open)).catch(() => self.clients.openWindow(open));
  }));
});
