// The patient's plan, live through their feed: when reminder-service numbers a new entry (the plan
// suspended or resumed, a new phase, a reminder), the page fetches itself again (live.js) and puts
// the news in place; the plan's part only when the plan itself changed, so a session being typed is
// not lost to a reminder.
(function () {
  var news = document.getElementById('news');
  if (!news || typeof EventSource === 'undefined') { return; }
  var notice = document.getElementById('plan-live-notice');
  var shown = Number(news.dataset.head); // the newest entry the page shows

  var refresh = careLive.serially(function () {
    return careLive.freshPage('/app').then(function (fresh) {
      if (!fresh) { return; }
      var area = document.getElementById('plan-area');
      var freshArea = fresh.getElementById('plan-area');
      var planChanged = area && freshArea && area.dataset.planState !== freshArea.dataset.planState;
      careLive.replace(fresh, planChanged ? ['news-entries', 'plan-area'] : ['news-entries']);
      if (planChanged) {
        if (window.htmx) { window.htmx.process(document.getElementById('plan-area')); }
        notice.hidden = false;
        notice.textContent = 'Your plan changed: see below.';
        document.body.dispatchEvent(new CustomEvent('care:plan-replaced'));
      }
    });
  });

  new EventSource(news.dataset.changes).addEventListener('changed', function (event) {
    var number = Number(event.data);
    if (number > shown) {
      shown = number;
      refresh();
    }
  });
})();
