// A patient's plan, live: its progress charts (charts.js), and when plan-service says the plan changed,
// the page fetches itself again (live.js) and puts the new facts, progress, flags, today's activities
// and timeline in place, and draws the charts again. The decision form keeps the version the clinician
// decided on, so a decision on a plan that changed meanwhile is refused, not applied; the notice says so.
(function () {
  var painHolder = document.getElementById('pain-chart');
  var adherenceHolder = document.getElementById('adherence-chart');
  var redraw = null;

  function drawCharts() {
    if (!painHolder || typeof uPlot === 'undefined') { return; }
    careCharts.figures(painHolder.dataset.src).then(function (figures) {
      if (!figures) { return; }
      painHolder.dataset.points = String(figures.days.length);
      adherenceHolder.dataset.weeks = String(figures.weeks.length);
      if (figures.days.length === 0) { return; } // the words say there is nothing yet
      if (redraw) { redraw(figures); return; }
      var pain = careCharts.pain(painHolder, figures,
        { mean: '7-day mean pain', baseline: 'Baseline', improvement: 'Significant improvement' });
      var adherence = careCharts.adherence(adherenceHolder, figures);
      redraw = function (newer) { pain(newer); adherence(newer); };
    });
  }
  drawCharts();

  var live = document.getElementById('plan-live');
  if (!live || typeof EventSource === 'undefined') { return; }
  var decidedOn = Number(live.dataset.version);
  var shown = decidedOn;
  var notice = document.getElementById('live-notice');

  var progressParts = ['plan-progress-words', 'plan-weeks', 'plan-flags'];
  var refresh = careLive.serially(function () {
    return careLive.freshPage(location.pathname).then(function (fresh) {
      if (!fresh) { return; }
      careLive.replace(fresh, ['plan-facts', 'plan-today', 'plan-timeline'].concat(progressParts));
      shown = Number(document.getElementById('plan-version').textContent) || shown;
      notice.hidden = false;
      notice.textContent = 'This plan changed while you were looking: it is now version ' + shown
        + '. A decision is taken on the version you saw (' + decidedOn
        + '), so it will be refused; reload the page to decide on this one.';
      drawCharts();
    });
  });
  // progress-service reads the same events a moment later (a flag it raised, a resume that resolved
  // one): its part of the page is fetched again a few times over the next seconds
  var refreshProgress = careLive.serially(function () {
    return careLive.freshPage(location.pathname).then(function (fresh) {
      if (fresh) { careLive.replace(fresh, progressParts); drawCharts(); }
    });
  });

  new EventSource(live.dataset.changes).addEventListener('changed', function (event) {
    if (Number(event.data) > shown) {
      refresh();
      [2000, 5000, 10000].forEach(function (later) { setTimeout(refreshProgress, later); });
    }
  });
})();
