// Deadlines count down in words ("in 14 min", "3 min overdue"); the exact time stays in the title.
(function () {
  function inWords(ms) {
    var minutes = Math.round(Math.abs(ms) / 60000);
    var text = minutes < 90 ? minutes + ' min' : Math.round(minutes / 60) + ' h';
    return ms >= 0 ? 'in ' + text : text + ' overdue';
  }
  function tick() {
    document.querySelectorAll('time.countdown').forEach(function (element) {
      var deadline = Date.parse(element.getAttribute('datetime'));
      if (!isNaN(deadline)) {
        element.title = new Date(deadline).toLocaleString();
        element.textContent = inWords(deadline - Date.now());
      }
    });
  }
  // times of the past in the reader's own zone and words, e.g. "2 Dec 2026, 06:06"; again for a
  // part of the page put in place later (console.js)
  function localTimes() {
    document.querySelectorAll('time.local').forEach(function (element) {
      var at = Date.parse(element.getAttribute('datetime'));
      if (!isNaN(at)) {
        element.textContent = new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
      }
    });
  }
  window.careLocalTimes = localTimes;
  localTimes();
  tick();
  setInterval(tick, 30000);
})();
