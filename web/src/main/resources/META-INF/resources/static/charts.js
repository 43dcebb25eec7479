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

  // the days with a mean, and a day before the first and one after the last (at least two weeks on)
  // with no mean, so that the baseline and the improvement line are drawn across, even for one day
  function painData(figures) {
    var days = figures.days;
    var start = days[0] - 86400;
    var end = Math.max(days[days.length - 1], days[0] + 13 * 86400) + 86400;
    var x = [start].concat(days, [end]);
    return [x, [null].concat(figures.meanPain7d, [null]),
      x.map(function () { return figures.baselinePain; }),
      x.map(function () { return figures.improvementLine; })];
  }

  // words: { mean, baseline, improvement }; returns a function that draws newer figures in place
  function pain(holder, figures, words) {
    var chart = resizing(holder, new uPlot({
      width: width(holder), height: 240,
      // the data's own first and last day (uPlot's own range pads a single day by 1,000 days)
      scales: { x: { time: true, range: function (u) { return [u.data[0][0], u.data[0][u.data[0].length - 1]]; } },
        y: { range: [0, 10] } },
      series: [{},
        { label: words.mean, stroke: '#0b5cad', width: 2, points: { show: true, size: 7 } },
        { label: words.baseline, stroke: '#a4161a', dash: [6, 4], points: { show: false } },
        { label: words.improvement, stroke: '#1d6b36', dash: [2, 4], points: { show: false } }],
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
