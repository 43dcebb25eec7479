// A patient's plan, live: when plan-service says the plan changed, the page fetches itself again and
// puts the new facts, today's activities and timeline in place. The decision form keeps the version
// the clinician decided on, so a decision on a plan that changed meanwhile is refused, not applied;
// the notice says so.
(function () {
  var live = document.getElementById('plan-live');
  if (!live || typeof EventSource === 'undefined') { return; }
  var decidedOn = Number(live.dataset.version);
  var shown = decidedOn;
  var notice = document.getElementById('live-notice');
  var source = new EventSource(live.dataset.changes);

  source.addEventListener('changed', function (event) {
    var version = Number(event.data);
    if (!(version > shown)) { return; }
    fetch(location.pathname, { credentials: 'same-origin' })
      .then(function (answer) { return answer.ok ? answer.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        ['plan-facts', 'plan-today', 'plan-timeline'].forEach(function (id) {
          var now = document.getElementById(id);
          var then = fresh.getElementById(id);
          if (now && then) { now.replaceWith(document.importNode(then, true)); }
        });
        var freshVersion = fresh.getElementById('plan-version');
        shown = freshVersion ? Number(freshVersion.textContent) : version;
        notice.hidden = false;
        notice.textContent = 'This plan changed while you were looking: it is now version ' + shown
          + '. A decision is taken on the version you saw (' + decidedOn
          + '), so it will be refused; reload the page to decide on this one.';
        if (window.careLocalTimes) { window.careLocalTimes(); }
      });
  });
})();
