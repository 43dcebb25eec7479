// The progress charts (uPlot), drawn from the figures the web app serves (ProgressFigures): the
// 7-day mean pain per day against the baseline and the line under which the improvement is
// significant, and the adherence of each plan week. The patient's app and the console share them;
// only the words of the legend differ.
window.careCharts = (function () {
  function width(holder) { return Math.max(280, holder.clientWidth); }

  // follows the window's width while the chart is on the page
  function resizing(holder, chart) {
    function resize() {
      if (!document.body.contains(holder)) { window.removeEventListener('resize', resize); return; }
      chart.setSize({ width: width(holder), height: chart.height });
    }
    window.addEventListener('resize', resize);
    return chart;
  }

  function painData(figures) {
    var days = figures.days;
    return [days, figures.meanPain7d,
      days.map(function () { return figures.baselinePain; }),
      days.map(function () { return figures.improvementLine; })];
  }

  // words: { mean, baseline, improvement }; returns a function that draws newer figures in place
  function pain(holder, figures, words) {
    var chart = resizing(holder, new uPlot({
      width: width(holder), height: 240,
      // at least two weeks wide, so that a plan's first days are not spread over years
      scales: { x: { time: true, range: function (u, min, max) {
        return [min - 86400, Math.max(max, min + 13 * 86400) + 86400]; } }, y: { range: [0, 10] } },
      series: [{},
        { label: words.mean, stroke: '#0b5cad', width: 2, points: { show: true, size: 7 } },
        { label: words.baseline, stroke: '#a4161a', dash: [6, 4] },
        { label: words.improvement, stroke: '#1d6b36', dash: [2, 4] }],
      axes: [{}, { label: 'Pain (0-10)' }]
    }, painData(figures), holder));
    return function (newer) { chart.setData(painData(newer)); };
  }

  function adherenceData(figures) {
    return [figures.weeks, figures.weeklyAdherencePercent];
  }

  function adherence(holder, figures) {
    var chart = resizing(holder, new uPlot({
      width: width(holder), height: 200,
      scales: { x: { time: false, range: function (u) { return [0.5, Math.max(1, u.data[0].length) + 0.5]; } },
        y: { range: [0, 100] } },
      series: [{ label: 'Plan week' },
        { label: 'Days with a session (%)', fill: '#0b5cad88', stroke: '#0b5cad',
          paths: uPlot.paths.bars({ size: [0.6, 60] }), points: { show: false } }],
      axes: [{ label: 'Plan week', incrs: [1], values: function (u, ticks) { return ticks.map(String); } },
        { label: 'Adherence (%)' }]
    }, adherenceData(figures), holder));
    return function (newer) { chart.setData(adherenceData(newer)); };
  }

  // the figures at src (ProgressFigures as JSON), or null when there are none (yet)
  function figures(src) {
    return fetch(src, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .catch(function () { return null; });
  }

  return { pain: pain, adherence: adherence, figures: figures };
})();
