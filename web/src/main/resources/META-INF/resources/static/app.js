// The patient's progress chart (charts.js): the 7-day mean pain per day against the baseline and the
// line under which the improvement is significant. After a session is logged (htmx swaps the form),
// the figures are fetched again until the new session counts: the chart moves without a reload. A plan
// just started is asked for again until progress-service knows it.
(function () {
  if (typeof uPlot === 'undefined') { return; }
  var holder = document.getElementById('pain-chart');
  var summary = document.getElementById('progress-summary');
  var redraw = null;
  var sessions = -1;

  function draw(figures) {
    holder.dataset.points = String(figures.days.length);
    holder.dataset.sessionsLogged = String(figures.sessionsLogged);
    if (figures.days.length === 0) {
      summary.textContent = 'No pain scores yet: log a session and your chart starts here.';
      return;
    }
    var last = figures.meanPain7d[figures.meanPain7d.length - 1];
    summary.textContent = 'Your 7-day average pain is ' + last.toFixed(1) + ' (' + figures.sessionsLogged
      + ' sessions logged). You started at ' + figures.baselinePain + '; at or under '
      + figures.improvementLine.toFixed(1) + ' your pain has clearly improved.';
    if (redraw) { redraw(figures); return; }
    redraw = careCharts.pain(holder, figures,
      { mean: '7-day mean pain', baseline: 'When you started', improvement: 'Clearly better' });
  }

  function refresh() {
    if (!holder) { return Promise.resolve(null); }
    return careCharts.figures(holder.dataset.src)
      .then(function (figures) {
        if (figures) { draw(figures); sessions = figures.sessionsLogged; }
        return figures;
      });
  }

  var polling = 0; // the newest chain of polls; an older one stops
  var NONE_YET = -1; // a plan just started may not be known to progress-service yet: its figures come later

  function refreshUntilMore(chain, before, triesLeft) {
    if (chain !== polling || !holder) { return; }
    refresh().then(function (figures) {
      if ((!figures || figures.sessionsLogged <= before) && triesLeft > 0) {
        setTimeout(function () { refreshUntilMore(chain, before, triesLeft - 1); }, 1000);
      }
    });
  }

  var status = document.getElementById('session-status');
  // the plan's part of the page was put in place anew (feed.js): the chart and the form are new ones
  document.body.addEventListener('care:plan-replaced', function () {
    holder = document.getElementById('pain-chart');
    summary = document.getElementById('progress-summary');
    status = document.getElementById('session-status');
    redraw = null;
    polling += 1;
    refreshUntilMore(polling, NONE_YET, 30);
  });
  document.body.addEventListener('htmx:afterSwap', function () {
    if (status) { status.textContent = ''; }
    if (document.querySelector('#session-form .notice')) {
      polling += 1;
      refreshUntilMore(polling, sessions, 30);
    }
  });
  document.body.addEventListener('htmx:responseError', function (event) {
    if (!status) { return; }
    status.textContent = event.detail.xhr.status === 499
      ? 'Your login has expired: reload the page and log in again, then send the session (it counts once).'
      : 'The session was not sent. Please try again: sent twice, it still counts once.';
  });
  document.body.addEventListener('htmx:sendError', function () {
    if (!status) { return; }
    status.textContent = 'No connection: the session was not sent. Try again when you are back online; it counts once.';
  });
  polling += 1;
  refreshUntilMore(polling, NONE_YET, 30);
})();
