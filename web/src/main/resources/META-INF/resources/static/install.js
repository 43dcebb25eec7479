// The patient app installs (web app manifest) and keeps its shell through a service worker scoped to /app.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/service-worker.js', { scope: '/app' }).catch(function () {
    // without it the app works as pages; nothing to tell the patient
  });
}
