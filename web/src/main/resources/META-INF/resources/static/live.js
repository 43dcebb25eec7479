// What the live pages share (console.js for a clinician's plan, feed.js for the patient's Today):
// the page fetched again, and parts of it put in place by their ids, the rest (a form being typed,
// a chart) left as it is.
window.careLive = (function () {
  function freshPage(path) {
    return fetch(path, { credentials: 'same-origin' })
      .then(function (answer) { return answer.ok ? answer.text() : null; })
      .then(function (html) { return html ? new DOMParser().parseFromString(html, 'text/html') : null; });
  }

  // puts the fresh page's element of each id in place of this page's; answers the new elements
  function replace(fresh, ids) {
    var replaced = [];
    ids.forEach(function (id) {
      var now = document.getElementById(id);
      var then = fresh.getElementById(id);
      if (now && then) {
        var imported = document.importNode(then, true);
        now.replaceWith(imported);
        replaced.push(imported);
      }
    });
    if (window.careLocalTimes) { window.careLocalTimes(); }
    return replaced;
  }

  // one fetch at a time: changes that come meanwhile make one more, not one each
  function serially(work) {
    var running = false;
    var again = false;
    return function run() {
      if (running) { again = true; return; }
      running = true;
      again = false;
      Promise.resolve().then(work).catch(function () { /* the next change tries again */ }).then(function () {
        running = false;
        if (again) { run(); }
      });
    };
  }

  return { freshPage: freshPage, replace: replace, serially: serially };
})();
