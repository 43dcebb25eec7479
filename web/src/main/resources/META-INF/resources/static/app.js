// The patient's progress chart (uPlot): the 7-day mean pain per day against the baseline and the
// line under which the improvement is significant. After a session is logged (htmx swaps the form),
// the figures are fetched again until the new session counts: the chart moves without a reload.
(function () {
  var holder = document.getElementById('pain-chart');
  if (!holder || typeof uPlot === 'undefined') { return; }
  var summary = document.getElementById('progress-summary');
  var chart = null;
  var sessions = -1;

  function draw(figures) {
    var days = figures.days;
    var data = [days, figures.meanPain7d,
      days.map(function () { return figures.baselinePain; }),
      days.map(function () { return figures.improvementLine; })];
    holder.dataset.points = String(days.length);
    holder.dataset.sessionsLogged = String(figures.sessionsLogged);
    if (days.length === 0) {
      summary.textContent = 'No pain scores yet: log a session and your chart starts here.';
      return;
    }
    var last = figures.meanPain7d[figures.meanPain7d.length - 1];
    summary.textContent = 'Your 7-day average pain is ' + last.toFixed(1) + ' (' + figures.sessionsLogged
      + ' sessions logged). You started at ' + figures.baselinePain + '; at or under '
      + figures.improvementLine.toFixed(1) + ' your pain has clearly improved.';
    if (chart) { chart.setData(data); return; }
    chart = new uPlot({
      width: Math.max(280, holder.clientWidth), height: 240,
      scales: { y: { range: [0, 10] } },
      series: [{},
        { label: '7-day mean pain', stroke: '#0b5cad', width: 2, points: { show: true, size: 7 } },
        { label: 'When you started', stroke: '#a4161a', dash: [6, 4] },
        { label: 'Clearly better', stroke: '#1d6b36', dash: [2, 4] }],
      axes: [{}, { label: 'Pain (0-10)' }]
    }, data, holder);
  }

  function refresh() {
    return fetch(holder.dataset.src, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (figures) {
        if (figures) { draw(figures); sessions = figures.sessionsLogged; }
        return figures;
      });
  }

  var polling = 0; // the newest chain of polls; an older one stops

  function refreshUntilMore(chain, before, triesLeft) {
    if (chain !== polling) { return; }
    refresh().then(function (figures) {
      if ((!figures || figures.sessionsLogged <= before) && triesLeft > 0) {
        setTimeout(function () { refreshUntilMore(chain, before, triesLeft - 1); }, 1000);
      }
    });
  }

  var status = document.getElementById('session-status');
  document.body.addEventListener('htmx:afterSwap', function () {
    status.textContent = '';
    if (document.querySelector('#session-form .notice')) {
      polling += 1;
      refreshUntilMore(polling, sessions, 30);
    }
  });
  document.body.addEventListener('htmx:responseError', function (event) {
    status.textContent = event.detail.xhr.status === 499
      ? 'Your login has expired: reload the page and log in again, then send the session (it counts once).'
      : 'The session was not sent. Please try again: sent twice, it still counts once.';
  });
  document.body.addEventListener('htmx:sendError', function () {
    status.textContent = 'No connection: the session was not sent. Try again when you are back online; it counts once.';
  });
  window.addEventListener('resize', function () {
    if (chart) { chart.setSize({ width: Math.max(280, holder.clientWidth), height: 240 }); }
  });
  refresh();
})();
