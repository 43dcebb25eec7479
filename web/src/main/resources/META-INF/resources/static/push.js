// Opting in to Web Push on this device: the browser subscribes with the deployment's VAPID key and
// this application registers the subscription at reminder-service; opting out removes it. A push is
// only a wake-up (its text says nothing of the patient's health): the app's pages are the truth.
(function () {
  // logging out on a shared phone: this browser stops getting the patient's notices first
  var logout = document.querySelector('form.logout');
  if (logout && 'serviceWorker' in navigator) {
    logout.addEventListener('submit', function (event) {
      if (logout.dataset.pushDone) { return; }
      event.preventDefault();
      var token = logout.querySelector('input[type=hidden]');
      var leave = function () {
        if (logout.dataset.pushDone) { return; }
        logout.dataset.pushDone = 'yes';
        logout.submit();
      };
      setTimeout(leave, 2000); // offline or a slow push service: logging out matters more
      navigator.serviceWorker.getRegistration('/app')
        .then(function (worker) { return worker && worker.pushManager ? worker.pushManager.getSubscription() : null; })
        .then(function (subscription) {
          if (!subscription) { return null; }
          var body = new URLSearchParams();
          body.append(token.name, token.value);
          body.append('endpoint', subscription.endpoint);
          return subscription.unsubscribe().then(function () {
            return fetch('/app/push/subscriptions/removal', { method: 'POST', body: body, credentials: 'same-origin' });
          });
        })
        .catch(function () { /* logging out matters more */ })
        .then(leave);
    });
  }

  var section = document.getElementById('push');
  if (!section) { return; }
  var status = document.getElementById('push-status');
  var on = document.getElementById('push-on');
  var off = document.getElementById('push-off');
  var token = section.querySelector('input[type=hidden]');

  function say(text) { status.textContent = text; }

  function showing(subscribed) {
    on.hidden = subscribed;
    off.hidden = !subscribed;
    section.dataset.subscribed = String(subscribed);
  }

  function post(path, fields) {
    var body = new URLSearchParams();
    body.append(token.name, token.value);
    Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
    return fetch(path, { method: 'POST', body: body, credentials: 'same-origin', headers: { Accept: 'application/json' } });
  }

  function keyBytes(base64url) {
    var text = atob(base64url.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((base64url.length + 3) % 4));
    return Uint8Array.from(text, function (c) { return c.charCodeAt(0); });
  }

  // registers a subscription (the browser's, or one given by a test) and says how it went
  function register(subscription) {
    var json = subscription.toJSON ? subscription.toJSON() : subscription;
    return post(section.dataset.subscriptions, { endpoint: json.endpoint, p256dh: json.keys.p256dh, auth: json.keys.auth })
      .then(function (answer) {
        if (answer.ok) {
          showing(true);
          say('Notifications are on for this device. Reminders still reach you here, in the app.');
          return true;
        }
        return answer.json().catch(function () { return {}; }).then(function (problem) {
          say('Notifications could not be turned on: ' + (problem.detail || 'please try again later') + '.');
          return false;
        });
      });
  }
  // the registration, for a browser whose push service is out of reach (the browser tests' stand-in)
  window.carePushRegister = register;

  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    say('This browser cannot show notifications. Reminders reach you here, in the app.');
    return;
  }
  fetch(section.dataset.key, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(function (answer) { return answer.ok ? answer.json() : null; })
    .then(function (key) {
      if (!key) {
        say('Notifications are not offered here. Reminders reach you in the app.');
        return;
      }
      navigator.serviceWorker.ready
        .then(function (worker) { return worker.pushManager.getSubscription(); })
        .then(function (subscription) {
          showing(subscription !== null);
          // registered again as this patient: on a shared phone whose last patient did not log out,
          // the notices are this patient's from now on, not the last one's
          if (subscription) { register(subscription); }
        });
      on.addEventListener('click', function () {
        Notification.requestPermission().then(function (permission) {
          if (permission !== 'granted') {
            say('Notifications are blocked for this site: allow them in the browser settings to turn them on.');
            return null;
          }
          return navigator.serviceWorker.ready.then(function (worker) {
            return worker.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key.publicKey) });
          }).then(register);
        }).catch(function () { say('This browser could not subscribe to notifications just now.'); });
      });
      off.addEventListener('click', function () {
        navigator.serviceWorker.ready
          .then(function (worker) { return worker.pushManager.getSubscription(); })
          .then(function (subscription) {
            if (!subscription) { showing(false); return null; }
            var endpoint = subscription.endpoint;
            return subscription.unsubscribe().then(function () {
              return post(section.dataset.subscriptions + '/removal', { endpoint: endpoint });
            });
          })
          .then(function () { showing(false); say('Notifications are off for this device.'); });
      });
    });
})();
